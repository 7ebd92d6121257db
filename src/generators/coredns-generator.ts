import type { BaseOptions } from 'yeoman-generator';
import { PlatformGenerator } from './private/platform-generator.js';
import {
  type ClusterAnswers,
  type CoreDnsAnswers,
  type CoreDnsConfig,
  CHART_HELM_REPOSITORY_URL,
  CHART_OCI_URL,
  DEFAULT_CHART_VERSION,
  FIRST_OCI_CHART_VERSION,
  DEFAULT_DEPENDS_ON,
  DEFAULT_REPLICAS,
  clusterWarnings,
  defaultChartSource,
  dnsIpProblem,
  fieldChecks,
  parseServiceCidr,
  suggestedDnsIp,
  resolveCoreDnsConfig,
  splitList,
  toStoredAnswers,
} from '../model/index.js';
import type { PlannedFile } from '../render/index.js';
import { planCoreDnsInLayout } from '../layout/index.js';
import { applyLayoutOptions } from '../layout/layout-options.js';
import { applyChartUpgrade } from '../upgrade/chart-upgrade.js';
import { checkStoredAnswers } from './private/answers-file.js';
import { parseReplicas } from './private/cluster-options.js';
import { gatherCoreDnsAnswers, missingAnswersError } from './private/coredns-answers.js';
import type { OptionValues } from '../options/index.js';
import { COREDNS_OPTIONS, registerOptions } from './options/index.js';
import { validateAfterWriting } from './private/post-validate.js';
import { COREDNS_STORE_KEY } from './private/stored-answers.js';

/** Options of `yo platform:coredns` / `platform-gitops coredns` (see COREDNS_OPTIONS); each prompt has one. */
export type CoreDnsGeneratorOptions = BaseOptions & OptionValues<typeof COREDNS_OPTIONS>;

const STORE_KEY = COREDNS_STORE_KEY;

/** `platform:coredns`: the CoreDNS GitOps directory plus each cluster's settings and entry point. */
export default class CoreDnsGenerator extends PlatformGenerator<CoreDnsGeneratorOptions> {
  private answers: CoreDnsAnswers = { clusters: [] };
  private config_: CoreDnsConfig | undefined;
  private planned: PlannedFile[] = [];
  private notes: string[] = [];
  /** Owned files carrying a recognised chart bump: not hand edits. */
  private readonly accepted = new Map<string, string>();

  constructor(args: string[], options: CoreDnsGeneratorOptions) {
    super(args, options);
    registerOptions(this, COREDNS_OPTIONS);
  }

  async prompting(): Promise<void> {
    const stored = checkStoredAnswers(this._storedAnswers(STORE_KEY) as CoreDnsAnswers | undefined);
    const gathered = gatherCoreDnsAnswers(this.options, stored, (path) => this.destinationPath(path));
    this.answers = gathered.answers;
    const reader = this._treeReader();
    const said = [
      ...(gathered.fromFile ? [] : applyChartUpgrade(this.answers, stored, this.options.chartVersion, reader, this.accepted)),
      ...applyLayoutOptions(this.answers, this.options, this.destinationRoot(), reader),
    ];
    for (const line of said) this.log.info(line);
    if (gathered.fromFile) return;
    const interactive = this._isInteractive();
    if (!interactive && !gathered.complete) throw missingAnswersError(this.answers);
    if (!gathered.complete || this.options.reconfigure) await this._ask(this.answers, stored);
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
    await this._writePlan(this.planned, { key: STORE_KEY, answers: toStoredAnswers(this.config_!) }, { accepted: this.accepted });
  }

  end(): void {
    this._releaseLock();
    for (const note of this.notes) this.log.info(note);
    if (!this.options.dryRun) validateAfterWriting(this.log, this.destinationRoot(), this.options.skipValidate);
  }

  // Methods starting with "_" are not run by Yeoman as tasks.

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
            if (before?.dnsIp && typed === before.serviceCidr) return before.dnsIp;
            return suggestedDnsIp(typed);
          },
          validate: (value: string, previous?: { serviceCidr?: string }) => {
            const problem = dnsIpProblem(value, previous?.serviceCidr);
            return problem ? `dnsIp: ${problem}` : true;
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

    const chart = await this.prompt<{ version: string; source: string; dependsOn: string }>([
      { type: 'input', name: 'version', message: 'CoreDNS chart version', default: base.chart?.version ?? DEFAULT_CHART_VERSION },
      {
        type: 'select',
        name: 'source',
        message: 'Chart source',
        choices: [
          { name: `oci: OCIRepository ${CHART_OCI_URL} (${FIRST_OCI_CHART_VERSION} and later)`, value: 'oci' },
          { name: `helm: HelmRepository ${CHART_HELM_REPOSITORY_URL}`, value: 'helm' },
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
