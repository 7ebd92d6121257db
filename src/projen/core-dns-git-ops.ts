// Only projen users load this file (entry point `generator-platform/projen`), so projen's
// public index is imported as is: no reliance on its internal file layout.
import { Component, type Project } from 'projen';
import { type ChartSource, type Severity } from '../model/index.js';
import { type CiAnswers, type CiConfig, resolveCiConfig } from '../services/ci/index.js';
import { type ClusterAnswers, type CoreDnsAnswers, type CustomRuleAnswers, resolveCoreDnsConfig } from '../services/coredns/index.js';
import type { LayoutAnswers } from '../model/layout-answers.js';
import { planCiInRepository } from '../services/ci/index.js';
import { planCoreDns, planCoreDnsDirectory } from '../services/coredns/index.js';
import { DiskTreeReader, writePlanSync } from '../workspace/index.js';
import { PlannedTreeReader } from '../kit/index.js';
import { type MetricsServerAnswers, type MetricsServerConfig, metricsServerFiles, planMetricsServer, resolveMetricsServerConfig } from '../services/metrics-server/index.js';
import { OwnedYamlFile } from './private/owned-yaml-file.js';
import type { CoreDnsClusterSettingsOptions, CoreDnsSettingsOptions } from './core-dns-settings-options.js';

export type * from './core-dns-settings-options.js';

/** One cluster CoreDNS runs on. */
export interface CoreDnsClusterOptions extends CoreDnsClusterSettingsOptions {
  /** Cluster name: a DNS label, unique; used in paths (`kubernetes/clusters/<name>/`) and object names. */
  readonly name: string;
  /** The cluster's Service CIDR, IPv4 or IPv6, in network/prefix form (e.g. `10.245.0.0/16`). */
  readonly serviceCidr: string;
  /**
   * The kube-dns Service ClusterIP: inside `serviceCidr`, not its network or broadcast address.
   * @default the 10th address of `serviceCidr` (e.g. 10.245.0.10)
   */
  readonly dnsIp?: string;
  /**
   * CoreDNS replicas, a whole number from 1 to 100.
   * @default 2
   */
  readonly replicas?: number;
}

/** Which coredns chart to install, and from where. */
export interface CoreDnsChartOptions {
  /**
   * Chart version, `MAJOR.MINOR.PATCH`.
   * @default '1.38.0'
   */
  readonly version?: string;
  /**
   * `helm` writes a HelmRepository, `oci` an OCIRepository with `chartRef` (1.38.1 or later).
   * @default 'oci' where the version is published to OCI (1.38.1 and later), else 'helm'
   */
  readonly source?: ChartSource;
}

/** Tuning of one of the four default alerts. */
export interface CoreDnsAlertOptions {
  /**
   * How long the condition must hold before the alert fires (a Prometheus duration).
   * @default '5m' for absent and down, '10m' for errorRatio and latency
   */
  readonly for?: string;
  /**
   * The alert's `severity` label.
   * @default 'critical' for absent and down, 'warning' for errorRatio and latency
   */
  readonly severity?: Severity;
}

/** Tuning of CoreDNSHighErrorRate. */
export interface CoreDnsErrorRatioAlertOptions extends CoreDnsAlertOptions {
  /**
   * Share of SERVFAIL responses above which the alert fires, between 0 and 1.
   * @default 0.05
   */
  readonly threshold?: number;
}

/** Tuning of CoreDNSLatencyHigh. */
export interface CoreDnsLatencyAlertOptions extends CoreDnsAlertOptions {
  /**
   * p99 request duration, in seconds, above which the alert fires (above 0, at most 60).
   * @default 1
   */
  readonly p99Seconds?: number;
}

/**
 * An extra alert rule: a catalogue preset (`{ preset: 'panics' }`, see `platform-gitops alert --list`),
 * a preset with fields overridden, or a custom rule (`alert` and `expr` required).
 */
export interface CoreDnsAlertRuleOptions {
  /**
   * Alert name (letters, digits and `_`), unique in the PrometheusRule.
   * @default the preset's alert name; required without a preset
   */
  readonly alert?: string;
  /**
   * PromQL expression, checked with Prometheus' own grammar.
   * @default the preset's expression for the configured job; required without a preset
   */
  readonly expr?: string;
  /**
   * How long the expression must hold before the alert fires.
   * @default the preset's; none (fires at once) for a custom rule
   */
  readonly for?: string;
  /**
   * The alert's `severity` label.
   * @default the preset's; 'warning' for a custom rule
   */
  readonly severity?: Severity;
  /**
   * `summary` annotation.
   * @default the preset's; none for a custom rule
   */
  readonly summary?: string;
  /**
   * `description` annotation.
   * @default the preset's; none for a custom rule
   */
  readonly description?: string;
  /**
   * `runbook_url` annotation, an http(s) URL.
   * @default the preset's runbook; none for a custom rule
   */
  readonly runbookUrl?: string;
  /**
   * Rule group in the PrometheusRule.
   * @default 'coredns'
   */
  readonly group?: string;
  /**
   * Catalogue preset the rule starts from.
   * @default none: a custom rule
   */
  readonly preset?: string;
}

/** The CoreDNS alerts: the four default ones, tuned, and extra rules. */
export interface CoreDnsAlertsOptions {
  /**
   * Prometheus `job` label of the CoreDNS targets.
   * @default 'coredns-metrics' (the chart's metrics Service)
   */
  readonly job?: string;
  /**
   * CoreDNSAbsent: no CoreDNS target is scraped.
   * @default { for: '5m', severity: 'critical' }
   */
  readonly absent?: CoreDnsAlertOptions;
  /**
   * CoreDNSDown: a CoreDNS target is down.
   * @default { for: '5m', severity: 'critical' }
   */
  readonly down?: CoreDnsAlertOptions;
  /**
   * CoreDNSHighErrorRate: SERVFAIL share above the threshold.
   * @default { threshold: 0.05, for: '10m', severity: 'warning' }
   */
  readonly errorRatio?: CoreDnsErrorRatioAlertOptions;
  /**
   * CoreDNSLatencyHigh: p99 request duration above the threshold.
   * @default { p99Seconds: 1, for: '10m', severity: 'warning' }
   */
  readonly latency?: CoreDnsLatencyAlertOptions;
  /**
   * Extra rules (presets or custom); {@link CoreDnsGitOps.addAlert} appends to these.
   * @default []
   */
  readonly rules?: readonly CoreDnsAlertRuleOptions[];
}

/** The CI files of `platform-gitops ci` (docs/ci.md): the same answers, validated the same way. */
export interface CiOptions {
  /**
   * Folders holding the manifests (`<folder>` or `<folder>/**`): pull requests touching them run the workflow.
   * @default ['kubernetes/**']
   */
  readonly gitopsPaths?: readonly string[];
  /**
   * Node.js version the workflow sets up.
   * @default '20'
   */
  readonly nodeVersion?: string;
  /**
   * Write renovate.json (Renovate's flux manager over the GitOps folders, coredns chart updates grouped).
   * @default true
   */
  readonly renovate?: boolean;
  /**
   * What the workflow installs with npm to get `platform-gitops`.
   * @default 'generator-platform'
   */
  readonly packageSpec?: string;
  /**
   * Validate jobs: above 1, validate runs as a GitHub Actions matrix, each job on its share of the clusters.
   * @default 1
   */
  readonly shards?: number;
}

/** metrics-server's answers (docs/metrics-server.md), validated the same way as the command's. */
export interface MetricsServerOptions {
  /**
   * The metrics-server chart version.
   * @default '3.13.1'
   */
  readonly chartVersion?: string;
  /**
   * Replicas by cluster name.
   * @default 1 for every cluster
   */
  readonly replicas?: Readonly<Record<string, number>>;
  /**
   * Flux Kustomizations metrics-server waits for.
   * @default []
   */
  readonly dependsOn?: readonly string[];
}

/**
 * Options of {@link CoreDnsGitOps}: the same model as the answers file of `yo platform:coredns`
 * (docs/coredns.md), validated the same way, plus `ci`.
 */
export interface CoreDnsGitOpsOptions extends CoreDnsSettingsOptions {
  /** The clusters, at least one; {@link CoreDnsGitOps.addCluster} adds more. */
  readonly clusters: readonly CoreDnsClusterOptions[];
  /**
   * Chart version and source.
   * @default { version: '1.38.0', source: 'helm' } (the source defaults to 'oci' for versions published there, 1.38.1 and later)
   */
  readonly chart?: CoreDnsChartOptions;
  /**
   * Flux Kustomizations (in flux-system) CoreDNS waits for; `[]` for none.
   * @default ['cilium-core']
   */
  readonly dependsOn?: readonly string[];
  /**
   * Extra labels on the chart's ServiceMonitor, for your Prometheus' serviceMonitorSelector.
   * @default {}
   */
  readonly serviceMonitorLabels?: Readonly<Record<string, string>>;
  /**
   * Alert tuning and extra rules (catalogue presets or custom PromQL).
   * @default the four default alerts (CoreDNSAbsent, CoreDNSDown, CoreDNSHighErrorRate, CoreDNSLatencyHigh) with the thresholds above
   */
  readonly alerts?: CoreDnsAlertsOptions;
  /**
   * Also own the CI files of `platform-gitops ci`: `.github/workflows/gitops-validate.yaml` and
   * (unless `renovate: false`) `renovate.json`. Not a CoreDNS answer: the CI service's own.
   * @default false
   */
  readonly ci?: boolean | CiOptions;

  /**
   * Also write metrics-server (`platform-gitops metrics-server`, docs/metrics-server.md) for every
   * cluster: its folder is projen's, its replicas go into each cluster-settings.
   * @default false
   */
  readonly metricsServer?: boolean | MetricsServerOptions;

  /**
   * Where the files go (docs/coredns.md, "Layouts"). The component writes the story layout only;
   * the field exists so stored answers and options stay the same shape.
   * @default the story layout
   */
  readonly layout?: LayoutAnswers;
}

/**
 * The CoreDNS GitOps setup as a projen component: `npx projen` writes the same tree as
 * `yo platform:coredns` for the same input, from the same core (`planCoreDns`).
 *
 * - The files of `kubernetes/infrastructure/networking/coredns/` are projen's: read-only, listed
 *   in `.projen/files.json`, with projen's marker on the line after `---`.
 * - Each cluster's `cluster-settings.yaml` and the parent `kustomization.yaml` files are merged
 *   into what is on disk at every synth, so hand-kept keys and comments survive; they stay
 *   writable and are rewritten only when their bytes change.
 * - A cluster's `infrastructure.yaml` is written once, when the cluster has no Flux
 *   Kustomization `cluster-<name>-infrastructure`.
 *
 * Input is validated when given (constructor, {@link addCluster}, {@link addAlert}): a bad value
 * throws `InputError` naming the field and the fix, and changes nothing.
 */
export class CoreDnsGitOps extends Component {
  /** The answers, replaced as a whole on every change (so a failed change leaves them intact). */
  private answers: CoreDnsAnswers;
  private ownedCache?: { readonly answers: CoreDnsAnswers; readonly files: ReadonlyMap<string, string> };
  private readonly metricsServer: MetricsServerAnswers | undefined;
  private readonly ci: CiConfig | undefined;

  constructor(project: Project, options: CoreDnsGitOpsOptions) {
    // Validate before joining the project, so a bad input leaves the project as it was.
    const { ci, metricsServer, ...coreDns } = options;
    const answers = toAnswers<CoreDnsAnswers>(coreDns);
    const config = resolveCoreDnsConfig(answers);
    const ciConfig = ci ? resolveCiConfig(ci === true ? {} : toAnswers<CiAnswers>(ci)) : undefined;
    // An existing Renovate config is extended (at synth), never shadowed: only the owned files are projen's.
    const ciFiles = ciConfig ? planCiInRepository(ciConfig, new DiskTreeReader(project.outdir)).files.filter((file) => file.role === 'owned') : [];
    const metricsServerAnswers = metricsServer ? (metricsServer === true ? {} : toAnswers<MetricsServerAnswers>(metricsServer)) : undefined;
    const metricsServerConfig = metricsServerAnswers && resolveMetricsServerConfig(metricsServerAnswers, config);
    if (project.components.some((component) => component instanceof CoreDnsGitOps)) {
      throw new Error('This project already has a CoreDnsGitOps component; add clusters and alerts to that one (addCluster, addAlert)');
    }
    super(project);
    this.answers = answers;
    this.metricsServer = metricsServerAnswers;
    this.ci = ciConfig;
    // The set of owned files depends on the chart source only, which is fixed here; their
    // contents are rendered at synth time, so later addAlert() calls are included.
    for (const file of planCoreDnsDirectory(config)) {
      new OwnedYamlFile(project, file.path, () => this.ownedContents(file.path));
    }
    // The CI files depend on the CI answers alone: rendered once, by the same plan as `platform-gitops ci`.
    for (const file of ciFiles) new OwnedYamlFile(project, file.path, () => file.contents);
    // metrics-server's folder does not depend on the clusters (their replicas are substituted).
    for (const file of metricsServerConfig ? metricsServerFiles(metricsServerConfig) : []) new OwnedYamlFile(project, file.path, () => file.contents);
    // npx: a bare Project's tasks do not have node_modules/.bin on PATH.
    project.addTask('validate', { description: 'Check every cluster offline (platform-gitops validate)', exec: 'npx platform-gitops validate' });
    project.addTask('diff', { description: 'What each cluster would apply differently than origin/main', exec: 'npx platform-gitops diff --base origin/main' });
  }

  /**
   * Adds a cluster (one line in .projenrc.ts): its cluster-settings.yaml and entry point are
   * written on the next synth; no other file changes.
   * @throws InputError if the cluster is invalid or its name is taken; the component is unchanged
   */
  public addCluster(cluster: CoreDnsClusterOptions): void {
    this.update({ ...this.answers, clusters: [...this.answers.clusters, toAnswers<ClusterAnswers>(cluster)] });
  }

  /**
   * Adds an alert rule to the PrometheusRule: a catalogue preset (`{ preset: 'panics' }`) or a
   * custom rule (`{ alert, expr, ... }`).
   * @throws InputError if the rule is invalid or its name is taken; the component is unchanged
   */
  public addAlert(rule: CoreDnsAlertRuleOptions): void {
    const alerts = this.answers.alerts ?? {};
    this.update({ ...this.answers, alerts: { ...alerts, rules: [...(alerts.rules ?? []), toAnswers<CustomRuleAnswers>(rule)] } });
  }

  /**
   * Writes the merged and created files (projen writes the owned ones). Done in synthesize(),
   * not postSynthesize(), so `npx projen --no-post` writes the whole tree too.
   */
  public synthesize(): void {
    const outdir = this.project.outdir;
    const reader = new DiskTreeReader(outdir);
    const config = resolveCoreDnsConfig(this.answers);
    // Every service plans over the ones before it: cluster-settings takes each one's keys.
    const tree = new PlannedTreeReader(reader);
    const plan = planCoreDns(config, reader);
    tree.add(plan.files);
    const metricsServer = this.metricsServerConfig(config);
    if (metricsServer) tree.add(planMetricsServer(metricsServer, tree).files);
    for (const note of plan.notes) this.project.logger.warn(note);
    // The shared owned files are projen's own (OwnedYamlFile); the rest, each cluster's values
    // ConfigMap included (clusters come and go with addCluster), goes through the one writer.
    const projenOwned = new Set([...planCoreDnsDirectory(config), ...(metricsServer ? metricsServerFiles(metricsServer) : [])].map((file) => file.path));
    // The repository's own Renovate config, extended in place (the CI service's plan, as `platform-gitops ci` makes it).
    const ciEdits = this.ci ? planCiInRepository(this.ci, reader).files.filter((file) => file.role !== 'owned') : [];
    writePlanSync([...tree.files().filter((file) => !projenOwned.has(file.path)), ...ciEdits], { root: outdir, policy: 'force' });
  }

  private update(answers: CoreDnsAnswers): void {
    const config = resolveCoreDnsConfig(answers); // throws before anything changes
    this.metricsServerConfig(config);
    this.answers = answers;
  }

  /** metrics-server on the clusters of `config` (a cluster added later gets the default replicas). */
  private metricsServerConfig(config: { readonly clusters: readonly { readonly name: string; readonly serviceCidr: string }[] }): MetricsServerConfig | undefined {
    return this.metricsServer && resolveMetricsServerConfig(this.metricsServer, config);
  }

  private ownedContents(path: string): string {
    if (this.ownedCache?.answers !== this.answers) {
      const files = planCoreDnsDirectory(resolveCoreDnsConfig(this.answers));
      this.ownedCache = { answers: this.answers, files: new Map(files.map((file) => [file.path, file.contents])) };
    }
    const contents = this.ownedCache.files.get(path);
    if (contents === undefined) throw new Error(`CoreDnsGitOps no longer plans ${path}`);
    return contents;
  }
}

/** The answers model with every collection read-only: what options of this component may be. */
type ReadonlyAnswers<T> = T extends readonly (infer U)[] ? readonly ReadonlyAnswers<U>[] : T extends object ? { readonly [K in keyof T]: ReadonlyAnswers<T[K]> } : T;

/**
 * A deep copy of options as answers, so later changes to the caller's objects do not reach the
 * component. The parameter type makes the compiler check that options fit the answers model.
 */
function toAnswers<T>(options: ReadonlyAnswers<T>): T {
  return structuredClone(options) as T;
}
