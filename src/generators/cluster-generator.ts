import { isDeepStrictEqual } from 'node:util';
import type { BaseOptions } from 'yeoman-generator';
import { PlatformGenerator } from './private/platform-generator.js';
import {
  type CoreDnsAnswers,
  type CoreDnsConfig,
  DEFAULT_REPLICAS,
  DNS_ADDRESS_INDEX,
  InputError,
  clusterIpProblem,
  fieldChecks,
  nthAddress,
  parseAddress,
  parseServiceCidr,
  quote,
  resolveCoreDnsConfig,
  toStoredAnswers,
  DUPLICATE_CLUSTER_NAME,
} from '../model/index.js';
import { type PlannedFile, planClusterRemoval, planCoreDns } from '../render/index.js';
import { COMMON_OPTIONS } from './options/index.js';
import { writeWithConflicts } from './private/write-with-conflicts.js';
import { checkStoredAnswers } from './private/answers-file.js';
import { parseReplicas } from './private/cluster-options.js';
import { MemFsTreeReader } from './private/mem-fs-tree-reader.js';
import { validateAfterWriting } from './private/post-validate.js';
import { COREDNS_STORE_KEY, requireStoredAnswers } from './private/stored-answers.js';

/** The option that sets each cluster field, for error messages. */
const OPTION_FOR_FIELD: Record<string, string> = { name: '--name', serviceCidr: '--service-cidr', dnsIp: '--dns-ip', replicas: '--replicas' };

/** Options of `yo platform:cluster` / `platform-gitops cluster`; each prompt has one. */
export type ClusterGeneratorOptions = BaseOptions & {
  /** Name of the cluster to add (a DNS label). @default prompted */
  name?: string;
  /** Its Service CIDR. @default prompted */
  serviceCidr?: string;
  /** Its kube-dns ClusterIP. @default the 10th address of the Service CIDR */
  dnsIp?: string;
  /** CoreDNS replicas. @default 2 */
  replicas?: string;
  /** Name of a cluster to take out again instead of adding one. @default none */
  remove?: string;
  /** Prompt for what is missing; off, missing required options are an error. @default true when stdin is a terminal */
  interactive?: boolean;
  /** Skip validating the new cluster after writing. @default false */
  skipValidate?: boolean;
  /** Print the unified diff of what would change and write nothing. @default false */
  dryRun?: boolean;
};

/**
 * `platform:cluster`: adds a cluster to (or with --remove takes one out of) the CoreDNS setup
 * that platform:coredns wrote. Touches only that cluster's files and .yo-rc.json.
 */
export default class ClusterGenerator extends PlatformGenerator<ClusterGeneratorOptions> {
  private answers: CoreDnsAnswers = { clusters: [] };
  private config_: CoreDnsConfig | undefined;
  private planned: PlannedFile[] = [];
  private notes: string[] = [];

  constructor(args: string[], options: ClusterGeneratorOptions) {
    super(args, options);
    this.option('name', { type: String, description: 'Name of the cluster to add (DNS label)' });
    this.option('service-cidr', { type: String, description: 'Its Service CIDR, e.g. 10.249.0.0/16' });
    this.option('dns-ip', { type: String, description: 'Its CoreDNS ClusterIP (default: 10th address of the CIDR)' });
    this.option('replicas', { type: String, description: `CoreDNS replicas (default ${DEFAULT_REPLICAS})` });
    this.option('remove', { type: String, description: 'Take this cluster out instead (its CoreDNS keys and .yo-rc.json entry)' });
    this.option('interactive', { type: Boolean, description: 'Prompt for what is missing (default: on in a terminal)' });
    this.option('force', { type: Boolean, description: 'Accepted for symmetry; this generator only merges files' });
    this.option('skip-validate', { type: Boolean, description: 'Do not validate the new cluster after writing' });
    this.option('dry-run', { type: Boolean, description: COMMON_OPTIONS['dry-run'].description });
  }

  async prompting(): Promise<void> {
    this.answers = checkStoredAnswers(requireStoredAnswers(this.config.get(COREDNS_STORE_KEY), this.options.remove ? '--remove' : '--name'));
    if (this.options.remove) return;
    const known = new Set(this.answers.clusters.map((cluster) => cluster.name));
    const interactive = this.options.interactive ?? process.stdin.isTTY === true;
    if (!interactive) {
      // No terminal: never hang on a prompt. Defaults apply; what has none must come as an option.
      const missing = [
        ['name', '--name', "the new cluster's name, e.g. --name edge"],
        ['serviceCidr', '--service-cidr', 'its Service CIDR, e.g. --service-cidr 10.249.0.0/16'],
      ] as const;
      const issues = missing
        .filter(([key]) => this.options[key] === undefined)
        .map(([, option, fix]) => ({ code: 'option-required' as const, path: option, message: 'is required when not running in a terminal', fix: `pass ${fix}` }));
      if (issues.length > 0) throw new InputError(issues);
    }
    const asked = interactive
      ? await this.prompt<{ name: string; serviceCidr: string; dnsIp: string; replicas: string }>([
          {
            type: 'input',
            name: 'name',
            message: 'Cluster name',
            when: this.options.name === undefined,
            validate: (value: string) => {
              const problem = fieldChecks.clusterName(value.trim());
              if (problem) return `name: ${problem}; use a DNS label such as edge`;
              return !known.has(value.trim()) || `name: "${value.trim()}" already exists`;
            },
          },
          {
            type: 'input',
            name: 'serviceCidr',
            message: 'Service CIDR',
            when: this.options.serviceCidr === undefined,
            validate: (value: string) => {
              const cidr = parseServiceCidr(value.trim());
              return typeof cidr === 'string' ? `serviceCidr: ${cidr}; e.g. 10.249.0.0/16` : true;
            },
          },
          {
            type: 'input',
            name: 'dnsIp',
            message: 'CoreDNS ClusterIP',
            when: this.options.dnsIp === undefined,
            default: (previous: { serviceCidr?: string }) => {
              const cidr = parseServiceCidr(String(previous.serviceCidr ?? this.options.serviceCidr ?? '').trim());
              return typeof cidr === 'string' ? undefined : nthAddress(cidr, DNS_ADDRESS_INDEX);
            },
            validate: (value: string, previous?: { serviceCidr?: string }) => {
              const address = parseAddress(value.trim());
              if (typeof address === 'string') return `dnsIp: ${address}`;
              const cidr = parseServiceCidr(String(previous?.serviceCidr ?? this.options.serviceCidr ?? '').trim());
              const problem = typeof cidr === 'string' ? undefined : clusterIpProblem(cidr, address);
              return problem ? `dnsIp: ${value} ${problem}` : true;
            },
          },
          {
            type: 'input',
            name: 'replicas',
            message: 'CoreDNS replicas',
            when: this.options.replicas === undefined,
            default: String(DEFAULT_REPLICAS),
            validate: (value: string) => {
              const problem = fieldChecks.replicas(parseReplicas(value));
              return problem ? `replicas: ${problem}; use a whole number from 1 to 100` : true;
            },
          },
        ])
      : ({} as Partial<{ name: string; serviceCidr: string; dnsIp: string; replicas: string }>);
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
    const reader = new MemFsTreeReader(this.fs, this.destinationRoot());
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
    const plan = planCoreDns(this.config_, reader, { shared: false, clusters: [added.name] });
    this.planned = plan.files;
    this.notes = plan.notes;
  }

  async writing(): Promise<void> {
    // Only merged files: no hand edit to ask about, so no previous rendering is needed.
    const written = await writeWithConflicts({
      root: this.destinationRoot(),
      planned: this.planned,
      stored: undefined,
      force: true,
      interactive: false,
      adapter: this.env.adapter,
      log: this.log,
      dryRun: this.options.dryRun === true,
    });
    if (!written) return;
    const stored = toStoredAnswers(this.config_!);
    if (!isDeepStrictEqual(this.config.get(COREDNS_STORE_KEY), stored)) this.config.set(COREDNS_STORE_KEY, stored);
  }

  end(): void {
    this._releaseLock();
    for (const note of this.notes) this.log.info(note);
    if (!this.options.remove && !this.options.dryRun) validateAfterWriting(this.log, this.destinationRoot(), this.options.skipValidate, this.answers.clusters.at(-1)!.name);
  }

  // Methods starting with "_" are not run by Yeoman as tasks.

  /** Removes the cluster's CoreDNS keys (nothing else) and its stored answers; deletes no file. */
  private _planRemoval(name: string, reader: MemFsTreeReader): void {
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
    ({ files: this.planned, notes: this.notes } = planClusterRemoval(name, reader));
  }
}
