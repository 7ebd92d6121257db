import type { BaseOptions } from 'yeoman-generator';
import { PlatformGenerator } from './private/platform-generator.js';
import { type ClusterChange, InputError, REPOSITORY_KEY, type RepositoryModel, quote, toStoredRepository, DUPLICATE_CLUSTER_NAME } from '../model/index.js';
import { type CoreDnsConfig, type TypedCoreDnsAnswers, resolveCoreDnsConfig, toStoredAnswers } from '../services/coredns/index.js';
import { type PlannedFile, PlannedTreeReader, type TreeReader } from '../kit/index.js';
import { CORE_DNS_SERVICE, checkStored, registeredServices } from '../services/index.js';
import { planClusterAddition, planClusterRemovalInLayout } from '../services/coredns/index.js';
import type { OptionValues } from '../options/index.js';
import { resolveLayout } from '../layout/index.js';
import { CLUSTER_OPTIONS, requiredOptions, tablePrompts } from './options/index.js';
import { parseReplicas } from './private/cluster-options.js';
import { validateAfterWriting } from './private/post-validate.js';
import { COREDNS_STORE_KEY, requireStoredAnswers } from './private/stored-answers.js';

/** The option that sets each cluster field, for error messages. */
const OPTION_FOR_FIELD: Record<string, string> = { name: '--name', serviceCidr: '--service-cidr', dnsIp: '--dns-ip', replicas: '--replicas' };

/** Options of `yo platform:cluster` / `platform-gitops cluster` (see CLUSTER_OPTIONS); each prompt has one. */
export type ClusterGeneratorOptions = BaseOptions & OptionValues<typeof CLUSTER_OPTIONS>;

/**
 * `platform:cluster`: adds a cluster to (or with --remove takes one out of) the CoreDNS setup
 * that platform:coredns wrote. In the story layout it touches only that cluster's files and
 * .yo-rc.json; in the infrastructure layout it writes what platform:coredns would with the new list.
 */
export default class ClusterGenerator extends PlatformGenerator<ClusterGeneratorOptions> {
  private answers: TypedCoreDnsAnswers = { clusters: [] };
  private config_: CoreDnsConfig | undefined;
  /** The setup as stored before this run. */
  private storedConfig: CoreDnsConfig | undefined;
  private planned: PlannedFile[] = [];
  private notes: string[] = [];
  /** The repository model and the other services' answers, as this run leaves them. */
  private also: Record<string, unknown> = {};

  constructor(args: string[], options: ClusterGeneratorOptions) {
    super(args, options);
    this._declareOptions(CLUSTER_OPTIONS);
  }

  async prompting(): Promise<void> {
    ({ answers: this.answers, config: this.storedConfig } = requireStoredAnswers(
      this._storedAnswers(COREDNS_STORE_KEY),
      this.options.remove ? '--remove' : '--name',
      this.options.remove ? 'remove-cluster' : 'add-cluster',
    ));
    if (this.options.remove) return;
    const known = new Set(this.answers.clusters.map((cluster) => cluster.name));
    const interactive = this._isInteractive();
    if (!interactive) {
      // No terminal: never hang on a prompt. Defaults apply; what has none (`required` in the table) must come as an option.
      const missing = requiredOptions(CLUSTER_OPTIONS);
      const issues = missing
        .filter(([key]) => this.options[key] === undefined)
        .map(([, option, fix]) => ({ code: 'option-required' as const, path: option, message: 'is required when not running in a terminal', fix: `pass ${fix}` }));
      if (issues.length > 0) throw new InputError(issues);
    }
    const asked: Partial<Record<'name' | 'serviceCidr' | 'dnsIp' | 'replicas', string>> = interactive
      ? await this.prompt(tablePrompts(CLUSTER_OPTIONS, this.options, { checks: { name: (value) => (known.has(value.trim()) ? `name: "${value.trim()}" already exists` : undefined) } }))
      : {};
    const name = String(this.options.name ?? asked.name ?? '').trim();
    const serviceCidr = String(this.options.serviceCidr ?? asked.serviceCidr ?? '').trim();
    const dnsIp = this.options.dnsIp ?? asked.dnsIp;
    const replicas = parseReplicas(this.options.replicas ?? asked.replicas);
    this.answers.clusters.push({
      name,
      serviceCidr,
      ...(dnsIp !== undefined && String(dnsIp).trim() !== '' ? { dnsIp: String(dnsIp).trim() } : {}),
      ...(replicas !== undefined ? { replicas } : {}),
    });
  }

  configuring(): void {
    const reader = this._treeReader();
    if (this.options.remove) {
      this._planRemoval(String(this.options.remove), reader);
      return;
    }
    const added = this.answers.clusters.at(-1)!;
    try {
      this.config_ = resolveCoreDnsConfig(this.answers);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // Name the option the user typed, not the position in the stored list.
      const prefix = `clusters[${this.answers.clusters.length - 1}].`;
      throw new InputError(
        error.issues.map((issue) => {
          if (!issue.path.startsWith(prefix)) return issue;
          const field = issue.path.slice(prefix.length);
          if (field === 'name' && issue.code === DUPLICATE_CLUSTER_NAME) {
            return { code: issue.code, path: '--name', message: `"${added.name}" is already a cluster of this repository`, fix: 'choose another name, or take that cluster out first with --remove' };
          }
          return { ...issue, path: OPTION_FOR_FIELD[field] ?? issue.path };
        }),
      );
    }
    const plan = planClusterAddition(this.config_, reader, added.name);
    this._followClusters({ added: { name: added.name, serviceCidr: added.serviceCidr } }, plan.files, reader);
    this.notes = plan.notes;
  }

  async writing(): Promise<void> {
    const store = { key: COREDNS_STORE_KEY, answers: toStoredAnswers(this.config_!), also: this.also };
    // Story: only merged files, no hand edit to ask about. Another layout's plan is whole, owned files included: the usual conflict handling.
    const story = resolveLayout(this.config_!.layout).kind === 'categories';
    await this._writePlan(this.planned, store, story ? { stored: undefined, force: true, interactive: false } : {});
  }

  async end(): Promise<void> {
    this._releaseLock();
    for (const note of this.notes) this.log.info(note);
    if (!this.options.remove && !this.options.dryRun)
      this.validationErrors += await validateAfterWriting(this.log, this.destinationRoot(), this.options.skipValidate, this.answers.clusters.at(-1)!.name);
  }

  // Methods starting with "_" are not run by Yeoman as tasks.

  /**
   * Takes the cluster out of the stored answers. Story: its CoreDNS keys go, no file is deleted
   * (its entry applies more than CoreDNS). Infrastructure: its own coredns.yaml goes too.
   */
  private _planRemoval(name: string, reader: TreeReader): void {
    const index = this.answers.clusters.findIndex((cluster) => cluster.name === name);
    if (index < 0) {
      throw new InputError([
        {
          code: 'remove-cluster-unknown',
          path: '--remove',
          message: `${quote(name)} is not a cluster of this repository (${this.answers.clusters.map((c) => c.name).join(', ') || 'none'})`,
          fix: 'name a cluster listed in .yo-rc.json',
        },
      ]);
    }
    this.answers.clusters.splice(index, 1);
    if (this.answers.clusters.length === 0) {
      throw new InputError([{ code: 'remove-cluster-last', path: '--remove', message: `"${name}" is the only cluster`, fix: 'keep at least one cluster, or remove the CoreDNS setup by hand' }]);
    }
    this.config_ = resolveCoreDnsConfig(this.answers);
    const plan = planClusterRemovalInLayout(this.storedConfig!, this.config_, reader, name);
    this._followClusters({ removed: name }, plan.files, reader);
    this.notes = plan.notes;
  }

  /**
   * Every other registered service whose files depend on the clusters follows the change in the
   * same run: its stored answers change with it and it is planned again over CoreDNS's plan
   * (one cluster-settings file takes every service's keys). The repository model is stored too.
   */
  private _followClusters(change: ClusterChange, coreDnsFiles: readonly PlannedFile[], reader: TreeReader): void {
    const repository: RepositoryModel = { clusters: this.config_!.clusters.map(({ name, serviceCidr }) => ({ name, serviceCidr })) };
    const tree = new PlannedTreeReader(reader);
    tree.add(coreDnsFiles);
    this.also = { [REPOSITORY_KEY]: toStoredRepository(repository) };
    for (const service of registeredServices()) {
      const stored = this._storedAnswers(service.name);
      if (service.name === CORE_DNS_SERVICE.name || !service.followClusters || stored === undefined) continue;
      // Checked as stored first, so a broken entry is named as .yo-rc.json's, not as this change's.
      checkStored(service, stored, this._repositoryBefore(change, repository));
      const config = service.resolve(service.followClusters(stored, change), repository);
      tree.add(service.plan(config, tree).files);
      this.also[service.name] = service.toStored(config);
    }
    this.planned = tree.files();
  }

  /** The clusters as they were before `change`. */
  private _repositoryBefore(change: ClusterChange, after: RepositoryModel): RepositoryModel {
    if ('added' in change) return { clusters: after.clusters.filter((cluster) => cluster.name !== change.added.name) };
    const removed = this.storedConfig!.clusters.find((cluster) => cluster.name === change.removed)!;
    return { clusters: [...after.clusters, { name: removed.name, serviceCidr: removed.serviceCidr }] };
  }
}
