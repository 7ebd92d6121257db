import type { BaseOptions } from 'yeoman-generator';
import { PlatformGenerator } from './private/platform-generator.js';
import { type CoreDnsAnswers, type CoreDnsConfig, type TypedClusterAnswers, type TypedCoreDnsAnswers, clusterWarnings, resolveCoreDnsConfig, toStoredAnswers } from '../services/coredns/index.js';
import { DEFAULT_REPLICAS, suggestedDnsIp, splitList } from '../model/index.js';
import type { PlannedFile, TreeReader } from '../kit/index.js';
import { applyRepositoryDefaults, repositoryDependsOn } from '../layout/repository-defaults.js';
import { isMap } from '../private/is-map.js';
import { planCoreDnsInLayout } from '../services/coredns/index.js';
import { applyLayoutOptions } from '../services/coredns/layout/layout-options.js';
import { applyChartUpgrade } from '../services/coredns/upgrade/chart-upgrade.js';
import { checkStoredAnswers } from './private/answers-file.js';
import { parseReplicas } from './private/cluster-options.js';
import { gatherCoreDnsAnswers, missingAnswersError } from './private/coredns-answers.js';
import type { OptionValues } from '../options/index.js';
import { CLUSTER_OPTIONS, tablePrompts } from './options/index.js';
import { COREDNS_OPTIONS } from '../services/coredns/coredns-options.js';
import { type ValidationBaseline, validateAfterWriting, validationBaseline } from './private/post-validate.js';
import { COREDNS_STORE_KEY } from './private/stored-answers.js';

/** Options of `yo platform:coredns` / `platform-gitops coredns` (see COREDNS_OPTIONS); each prompt has one. */
export type CoreDnsGeneratorOptions = BaseOptions & OptionValues<typeof COREDNS_OPTIONS>;

const STORE_KEY = COREDNS_STORE_KEY;

/** `platform:coredns`: the CoreDNS GitOps directory plus each cluster's settings and entry point. */
export default class CoreDnsGenerator extends PlatformGenerator<CoreDnsGeneratorOptions> {
  private answers: TypedCoreDnsAnswers = { clusters: [] };
  private config_: CoreDnsConfig | undefined;
  private planned: PlannedFile[] = [];
  private notes: string[] = [];
  /** Owned files carrying a recognised chart bump: not hand edits. */
  private readonly accepted = new Map<string, string>();
  private baseline: ValidationBaseline | undefined;

  constructor(args: string[], options: CoreDnsGeneratorOptions) {
    super(args, options);
    this._declareOptions(COREDNS_OPTIONS);
  }

  async prompting(): Promise<void> {
    const stored = checkStoredAnswers(this._storedAnswers(STORE_KEY) as CoreDnsAnswers | undefined);
    const gathered = gatherCoreDnsAnswers(this.options, stored, (path) => this.destinationPath(path), this.destinationRoot());
    this.answers = gathered.answers;
    const reader = this._treeReader();
    const said = [
      ...(gathered.fromFile ? [] : applyChartUpgrade(this.answers, stored, this.options.chartVersion, reader, this.accepted)),
      ...applyLayoutOptions(this.answers, this.options, this.destinationRoot(), reader),
    ];
    for (const line of said) this.log.info(line);
    if (!gathered.fromFile) {
      const interactive = this._isInteractive();
      if (!interactive && !gathered.complete) throw missingAnswersError(this.answers);
      if (!gathered.complete || this.options.reconfigure) await this._ask(this.answers, stored, reader);
    }
    // What the answers leave to the repository (dependsOn, monitoring auto), said as chosen.
    if (isMap(this.answers)) for (const line of applyRepositoryDefaults(this.answers, this.destinationRoot(), reader, stored)) this.log.info(line);
  }

  configuring(): void {
    // Every check runs here, before a single file is queued for writing.
    this.config_ = resolveCoreDnsConfig(this.answers);
    for (const warning of this.config_.clusters.flatMap(clusterWarnings)) this.log.writeln(`warning ${warning}`);
    const plan = planCoreDnsInLayout(this.config_, this._treeReader());
    this.planned = plan.files;
    this.notes = plan.notes;
  }

  async writing(): Promise<void> {
    // The repository's errors before this run writes: the check after writing counts only new ones.
    if (!this.options.dryRun) this.baseline = await validationBaseline(this.destinationRoot(), this.options.skipValidate);
    await this._writePlan(this.planned, { key: STORE_KEY, answers: toStoredAnswers(this.config_!) }, { accepted: this.accepted });
  }

  async end(): Promise<void> {
    this._releaseLock();
    for (const note of this.notes) this.log.info(note);
    if (!this.options.dryRun) this.validationErrors += await validateAfterWriting(this.log, this.destinationRoot(), this.options.skipValidate, undefined, this.baseline);
  }

  // Methods starting with "_" are not run by Yeoman as tasks.

  /**
   * Asks every question again, the current answers as defaults: the cluster names from the
   * table's `--clusters` entry, platform:cluster's questions for each cluster, then the chart.
   */
  private async _ask(base: TypedCoreDnsAnswers, stored: CoreDnsAnswers | undefined, reader: TreeReader): Promise<void> {
    const known = base.clusters?.length ? base.clusters : (stored?.clusters ?? []);
    const names = known.map((c) => c.name).join(',');
    const { clusters } = (await this.prompt(tablePrompts(COREDNS_OPTIONS, {}, { only: ['clusters'], ...(names ? { defaults: { clusters: names } } : {}) }))) as { clusters: string };
    const result: TypedClusterAnswers[] = [];
    for (const name of splitList(clusters)) {
      const before = known.find((c) => c.name === name);
      const answers = (await this.prompt(
        tablePrompts(
          CLUSTER_OPTIONS,
          {},
          {
            only: ['serviceCidr', 'dnsIp', 'replicas'],
            messagePrefix: `${name}: `,
            defaults: {
              serviceCidr: before?.serviceCidr,
              // The stored ClusterIP while the range is the stored one, else the range's 10th address.
              dnsIp: (given) => {
                const typed = String(given.serviceCidr ?? '').trim();
                return before?.dnsIp && typed === before.serviceCidr ? before.dnsIp : suggestedDnsIp(typed);
              },
              replicas: String(before?.replicas ?? DEFAULT_REPLICAS),
            },
          },
        ),
      )) as { serviceCidr: string; dnsIp: string; replicas: string };
      const cluster = {
        name,
        serviceCidr: String(answers.serviceCidr).trim(),
        dnsIp: String(answers.dnsIp).trim(),
        replicas: parseReplicas(String(answers.replicas))!,
      };
      for (const warning of clusterWarnings(cluster)) this.log.writeln(`warning ${warning}`);
      result.push(cluster);
    }
    base.clusters = result;

    // --reconfigure starts from no answers: the stored ones are the defaults, options over them.
    const version = base.chart?.version ?? stored?.chart?.version;
    const source = base.chart?.source ?? (base.chart?.version === undefined ? stored?.chart?.source : undefined);
    // Not answered before: the Kustomization deploying the repository's CNI is the default.
    const dependsOn = base.dependsOn ?? stored?.dependsOn ?? repositoryDependsOn(reader).value;
    // Stored answers without it wrote monitoring: on; a first run decides from the repository.
    const monitoring = base.monitoring?.enabled ?? stored?.monitoring?.enabled ?? (stored ? 'on' : 'auto');
    const chart = (await this.prompt(
      tablePrompts(
        COREDNS_OPTIONS,
        {},
        {
          only: ['chartVersion', 'chartSource', 'dependsOn', 'monitoring'],
          defaults: {
            ...(version !== undefined ? { chartVersion: version } : {}),
            ...(source !== undefined ? { chartSource: source } : {}),
            dependsOn: Array.isArray(dependsOn) ? dependsOn.join(',') : dependsOn,
            monitoring,
          },
        },
      ),
    )) as { chartVersion: string; chartSource: string; dependsOn: string; monitoring: string };
    base.chart = { version: String(chart.chartVersion).trim(), source: String(chart.chartSource) };
    base.dependsOn = splitList(String(chart.dependsOn ?? ''));
    base.monitoring = { ...base.monitoring, enabled: String(chart.monitoring ?? monitoring) };
  }
}
