import { isDeepStrictEqual } from 'node:util';
import type { BaseOptions } from 'yeoman-generator';
import { PlatformGenerator } from './private/platform-generator.js';
import {
  type ClusterAnswers,
  type CoreDnsAnswers,
  type CoreDnsConfig,
  DEFAULT_CHART_VERSION,
  DEFAULT_DEPENDS_ON,
  DEFAULT_REPLICAS,
  DNS_ADDRESS_INDEX,
  InputError,
  clusterIpProblem,
  defaultChartSource,
  fieldChecks,
  nthAddress,
  parseAddress,
  parseServiceCidr,
  resolveCoreDnsConfig,
  splitList,
  toStoredAnswers,
} from '../model/index.js';
import { planCoreDns, type PlannedFile } from '../render/index.js';
import { readAnswersFile } from './private/answers-file.js';
import { clustersFromOptions, parseReplicas } from './private/cluster-options.js';
import { MemFsTreeReader } from './private/mem-fs-tree-reader.js';
import { validateAfterWriting } from './private/post-validate.js';
import { COREDNS_STORE_KEY } from './private/stored-answers.js';
import { writeWithConflicts } from './private/write-with-conflicts.js';

/** Options of `yo platform:coredns` / `platform-gitops coredns`; each prompt has one. */
export type CoreDnsGeneratorOptions = BaseOptions & {
  /** YAML or JSON file answering everything (see docs/coredns.md). @default none: prompts, or .yo-rc.json */
  answers?: string;
  /** Cluster names, comma-separated. @default prompted */
  clusters?: string;
  /** Service CIDR per cluster: `name=cidr,...` or in cluster order. @default prompted */
  serviceCidrs?: string;
  /** DNS ClusterIP per cluster, same forms. @default the 10th address of the service CIDR */
  dnsIps?: string;
  /** Replicas per cluster, or one number for all. @default 2 */
  replicas?: string;
  /** Chart version. @default 1.38.0 */
  chartVersion?: string;
  /** `helm` or `oci`. @default oci where that version is on OCI, else helm */
  chartSource?: string;
  /** Flux Kustomization(s) to depend on, comma-separated; empty for none. @default cilium-core */
  dependsOn?: string;
  /** Upstream resolvers, comma-separated: `defaults.forwarders`. */
  forwarders?: string;
  /** any or control-plane: `defaults.placement`. */
  placement?: string;
  /** Ask every question again, with the stored answers as defaults. @default false */
  reconfigure?: boolean;
  /** Skip the offline validation that runs after writing. @default false */
  skipValidate?: boolean;
  /** Ask about hand-edited files (Yeoman's conflict prompt); off, such files stop the run. @default true when stdin is a terminal */
  interactive?: boolean;
  /** Yeoman's own: overwrite hand-edited files without asking. @default false */
  force?: boolean;
};

const STORE_KEY = COREDNS_STORE_KEY;

/** `platform:coredns`: the CoreDNS GitOps directory plus each cluster's settings and entry point. */
export default class CoreDnsGenerator extends PlatformGenerator<CoreDnsGeneratorOptions> {
  private answers: CoreDnsAnswers = { clusters: [] };
  private config_: CoreDnsConfig | undefined;
  private planned: PlannedFile[] = [];
  private notes: string[] = [];

  constructor(args: string[], options: CoreDnsGeneratorOptions) {
    super(args, options);
    this.option('answers', { type: String, description: 'YAML or JSON file with every answer (non-interactive)' });
    this.option('clusters', { type: String, description: 'Cluster names, comma-separated (e.g. infra,apps)' });
    this.option('service-cidrs', { type: String, description: 'Service CIDR per cluster: infra=10.245.0.0/16,apps=10.247.0.0/16' });
    this.option('dns-ips', { type: String, description: 'DNS ClusterIP per cluster (default: 10th address of the CIDR)' });
    this.option('replicas', { type: String, description: 'CoreDNS replicas per cluster, or one number for all (default 2)' });
    this.option('chart-version', { type: String, description: `CoreDNS chart version (default ${DEFAULT_CHART_VERSION})` });
    this.option('chart-source', { type: String, description: 'helm (HelmRepository) or oci (OCIRepository); default oci where published' });
    this.option('depends-on', { type: String, description: `Flux Kustomizations CoreDNS waits for (default ${DEFAULT_DEPENDS_ON})` });
    this.option('forwarders', { type: String, description: 'Upstream resolvers for every cluster, comma-separated (default /etc/resolv.conf)' });
    this.option('placement', { type: String, description: 'any or control-plane, for every cluster (default any)' });
    this.option('reconfigure', { type: Boolean, default: false, description: 'Ask again, with the stored answers as defaults' });
    this.option('force', { type: Boolean, description: 'Overwrite files the generator owns even if edited by hand' });
    this.option('interactive', { type: Boolean, description: 'Ask about hand-edited files; --no-interactive stops instead (default: on in a terminal)' });
    this.option('skip-validate', { type: Boolean, default: false, description: 'Do not run platform-gitops validate after writing' });
  }

  async prompting(): Promise<void> {
    const stored = this.config.get(STORE_KEY) as CoreDnsAnswers | undefined;
    if (this.options.answers) {
      // An answers file answers everything: no prompt; the model reports whatever is missing.
      const fromFile = readAnswersFile(this.destinationPath(this.options.answers)) as CoreDnsAnswers;
      if (typeof fromFile === 'object' && fromFile !== null && !Array.isArray(fromFile) && Array.isArray(fromFile.clusters)) {
        this._applyOptions(fromFile);
      }
      this.answers = fromFile;
      return;
    }
    const base: CoreDnsAnswers = structuredClone((this.options.reconfigure ? undefined : stored) ?? { clusters: [] });
    this._applyOptions(base);
    const complete = base.clusters.length > 0 && base.clusters.every((c) => c.serviceCidr);
    const interactive = this.options.interactive ?? process.stdin.isTTY === true;
    if (!interactive && !complete) {
      // No terminal: never hang on a prompt; say which options are missing instead.
      throw new InputError([
        base.clusters.length === 0
          ? { path: '--clusters', message: 'no cluster given and no stored answers', fix: 'pass --answers FILE, or --clusters with --service-cidrs, or run in a terminal to be asked' }
          : { path: '--service-cidrs', message: `missing for ${base.clusters.filter((c) => !c.serviceCidr).map((c) => c.name).join(', ')}`, fix: 'pass --service-cidrs name=CIDR,... or run in a terminal to be asked' },
      ]);
    }
    if (!complete || this.options.reconfigure) {
      await this._ask(base, stored);
    }
    this.answers = base;
  }

  configuring(): void {
    // Every check runs here, before a single file is queued for writing.
    this.config_ = resolveCoreDnsConfig(this.answers);
    const plan = planCoreDns(this.config_, new MemFsTreeReader(this.fs, this.destinationRoot()));
    this.planned = plan.files;
    this.notes = plan.notes;
  }

  async writing(): Promise<void> {
    await writeWithConflicts({
      root: this.destinationRoot(),
      planned: this.planned,
      stored: this.config.get(STORE_KEY),
      force: this.options.force === true,
      interactive: this.options.interactive ?? process.stdin.isTTY === true,
      adapter: this.env.adapter,
      log: this.log,
    });
    // .yo-rc.json goes through mem-fs; touch it only when the answers changed.
    const stored = toStoredAnswers(this.config_!);
    if (!isDeepStrictEqual(this.config.get(STORE_KEY), stored)) {
      this.config.set(STORE_KEY, stored);
    }
  }

  end(): void {
    this._releaseLock();
    for (const note of this.notes) this.log.info(note);
    validateAfterWriting(this.log, this.destinationRoot(), this.options.skipValidate);
  }

  // Methods starting with "_" are not run by Yeoman as tasks.

  /** Options override whatever the answers file or .yo-rc.json said. */
  private _applyOptions(base: CoreDnsAnswers): void {
    const o = this.options;
    if (o.clusters !== undefined) {
      base.clusters = clustersFromOptions(splitList(String(o.clusters)), base.clusters ?? [], o);
    } else if ((o.serviceCidrs ?? o.dnsIps ?? o.replicas) !== undefined) {
      base.clusters = clustersFromOptions((base.clusters ?? []).map((c) => c.name), base.clusters ?? [], o);
    }
    if (o.chartVersion !== undefined || o.chartSource !== undefined) {
      base.chart = { ...base.chart };
      if (o.chartVersion !== undefined) {
        base.chart.version = String(o.chartVersion);
        if (o.chartSource === undefined) delete base.chart.source; // re-derive for the new version
      }
      if (o.chartSource !== undefined) base.chart.source = String(o.chartSource);
    }
    if (o.dependsOn !== undefined) base.dependsOn = splitList(String(o.dependsOn));
    if (o.forwarders !== undefined) base.defaults = { ...base.defaults, forwarders: splitList(String(o.forwarders)) };
    if (o.placement !== undefined) base.defaults = { ...base.defaults, placement: String(o.placement) };
  }

  private async _ask(base: CoreDnsAnswers, stored: CoreDnsAnswers | undefined): Promise<void> {
    const known = base.clusters?.length ? base.clusters : (stored?.clusters ?? []);
    const { clusters } = await this.prompt<{ clusters: string }>([
      {
        type: 'input',
        name: 'clusters',
        message: 'Cluster names (comma-separated)',
        default: known.map((c) => c.name).join(',') || 'infra,apps',
        validate: (value: string) => {
          const names = splitList(value);
          if (names.length === 0) return 'Give at least one cluster name';
          for (const name of names) {
            const problem = fieldChecks.clusterName(name);
            if (problem) return `clusters: ${problem}; use a DNS label such as infra`;
          }
          return new Set(names).size === names.length || 'clusters: each name only once';
        },
      },
    ]);
    const result: ClusterAnswers[] = [];
    for (const name of splitList(clusters)) {
      const before = known.find((c) => c.name === name);
      const answers = await this.prompt<{ serviceCidr: string; dnsIp: string; replicas: string }>([
        {
          type: 'input',
          name: 'serviceCidr',
          message: `${name}: Service CIDR`,
          ...(before?.serviceCidr ? { default: before.serviceCidr } : {}),
          validate: (value: string) => {
            const cidr = parseServiceCidr(value.trim());
            return typeof cidr === 'string' ? `serviceCidr: ${cidr}; e.g. 10.245.0.0/16` : true;
          },
        },
        {
          type: 'input',
          name: 'dnsIp',
          message: `${name}: CoreDNS ClusterIP`,
          default: (previous: { serviceCidr?: string }) => {
            const typed = String(previous.serviceCidr ?? '').trim();
            const cidr = parseServiceCidr(typed);
            if (before?.dnsIp && typed === before.serviceCidr) return before.dnsIp;
            return typeof cidr === 'string' ? undefined : nthAddress(cidr, DNS_ADDRESS_INDEX);
          },
          validate: (value: string, previous?: { serviceCidr?: string }) => {
            const address = parseAddress(value.trim());
            if (typeof address === 'string') return `dnsIp: ${address}`;
            const cidr = previous?.serviceCidr ? parseServiceCidr(previous.serviceCidr.trim()) : undefined;
            if (cidr && typeof cidr !== 'string') {
              const problem = clusterIpProblem(cidr, address);
              if (problem) return `dnsIp: ${value} ${problem}`;
            }
            return true;
          },
        },
        {
          type: 'input',
          name: 'replicas',
          message: `${name}: CoreDNS replicas`,
          default: String(before?.replicas ?? DEFAULT_REPLICAS),
          validate: (value: string) => {
            const problem = fieldChecks.replicas(parseReplicas(value));
            return problem ? `replicas: ${problem}; use a whole number from 1 to 100` : true;
          },
        },
      ]);
      result.push({
        name,
        serviceCidr: String(answers.serviceCidr).trim(),
        dnsIp: String(answers.dnsIp).trim(),
        replicas: parseReplicas(String(answers.replicas))!,
      });
    }
    base.clusters = result;

    const chart = await this.prompt<{ version: string; source: string; dependsOn: string }>([
      { type: 'input', name: 'version', message: 'CoreDNS chart version', default: base.chart?.version ?? DEFAULT_CHART_VERSION },
      {
        type: 'select',
        name: 'source',
        message: 'Chart source',
        choices: [
          { name: 'oci: OCIRepository oci://ghcr.io/coredns/charts/coredns (1.38.1 and later)', value: 'oci' },
          { name: 'helm: HelmRepository https://coredns.github.io/helm', value: 'helm' },
        ],
        default: (previous: { version?: string }) => base.chart?.source ?? defaultChartSource(String(previous.version ?? DEFAULT_CHART_VERSION)),
      },
      {
        type: 'input',
        name: 'dependsOn',
        message: 'Flux Kustomizations CoreDNS depends on (comma-separated, empty for none)',
        default: Array.isArray(base.dependsOn) ? base.dependsOn.join(',') : (base.dependsOn ?? DEFAULT_DEPENDS_ON),
      },
    ]);
    base.chart = { version: String(chart.version).trim(), source: String(chart.source) };
    base.dependsOn = splitList(String(chart.dependsOn ?? ''));
  }
}

