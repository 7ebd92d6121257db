import { z } from 'zod';
import { type ChartSource, DEFAULT_CHART_VERSION, chartSourceProblem, chartVersionProblem, defaultChartSource } from '../../../model/chart-catalog.js';
import { type AlertsConfig, alertsInput, customRuleInput, resolveAlerts, storedRule } from './coredns-alerts-config.js';
import { DEFAULT_REPLICAS, DNS_ADDRESS_INDEX, MAX_CLUSTER_NAME, fieldChecks, splitList } from '../../../model/field-checks.js';
import { DUPLICATE_CLUSTER_NAME } from '../../../model/input-codes.js';
import { IssueCollector, type InputIssue, quote } from '../../../model/input-error.js';
import { layoutAnswersSchema, type LayoutAnswers } from '../../../model/layout-answers.js';
import { canonicalAddress, clusterIpProblem, nthAddress, parseAddress, parseServiceCidr } from '../../../model/network.js';
import { checkLabels } from '../../../model/k8s-names.js';
import { describeSchemaIssue } from '../../../model/schema-issues.js';
import { clusterSettingsShape, settingsAnswersShape } from './coredns-settings-schema.js';
import { type CoreDnsSettings, resolveCoreDnsSettings, storedClusterSettings, storedSettings } from './coredns-settings.js';

// ---------------------------------------------------------------------------------------------
// Input (what an answers file, the prompts, the options or the projen component provide)
// ---------------------------------------------------------------------------------------------

// The schema owns the fixed defaults (`.default`, `.prefault` for a nested object whose own
// fields have defaults). Defaults derived from other answers (the DNS IP from the Service CIDR,
// the chart source from the version) and the layered per-cluster settings are resolved below.
const clusterInput = z.strictObject({
  name: z.string(),
  serviceCidr: z.string(),
  dnsIp: z.string().optional(),
  replicas: z.number().default(DEFAULT_REPLICAS),
  ...clusterSettingsShape,
});

export const coreDnsAnswersSchema = z.strictObject({
  clusters: z.array(clusterInput),
  chart: z
    .strictObject({
      version: z.string().default(DEFAULT_CHART_VERSION),
      source: z.string().optional(),
    })
    .prefault({}),
  // None unless given: the front doors default it to the repository's CNI Kustomization (src/layout/repository-defaults.ts).
  dependsOn: z.union([z.string(), z.array(z.string())]).default(() => []),
  serviceMonitorLabels: z.record(z.string(), z.string()).default(() => ({})),
  alerts: alertsInput.prefault({}),
  ...settingsAnswersShape,
  layout: layoutAnswersSchema.optional(),
});

/** The answers as a user writes them: everything but the cluster list is optional. */
export type CoreDnsAnswers = z.input<typeof coreDnsAnswersSchema>;
/** The answers after the schema: shape checked, fixed defaults filled in. */
type ParsedAnswers = z.output<typeof coreDnsAnswersSchema>;
export type ClusterAnswers = z.input<typeof clusterInput>;
/**
 * A cluster's answers as a front door holds them before the model checks them: replicas typed on
 * the command line or at a prompt stay text when they are no number, and the model names them.
 */
export type TypedClusterAnswers = Omit<ClusterAnswers, 'replicas'> & { replicas?: number | string };
/** The answers as a front door holds them before the model checks them (see TypedClusterAnswers). */
export type TypedCoreDnsAnswers = Omit<CoreDnsAnswers, 'clusters'> & { clusters: TypedClusterAnswers[] };
export type CustomRuleAnswers = z.input<typeof customRuleInput>;

// ---------------------------------------------------------------------------------------------
// Resolved model (every default filled in, every value checked)
// ---------------------------------------------------------------------------------------------

export interface ClusterConfig {
  /** Cluster name: a DNS label, used in paths and object names. */
  readonly name: string;
  /** The cluster's Service CIDR. */
  readonly serviceCidr: string;
  /** The kube-dns ClusterIP. @default the 10th address of serviceCidr */
  readonly dnsIp: string;
  /** CoreDNS replicas. @default 2 */
  readonly replicas: number;
}

export interface CoreDnsConfig {
  readonly clusters: readonly ClusterConfig[];
  readonly chart: { readonly version: string; readonly source: ChartSource };
  /** Flux Kustomizations that must be ready before CoreDNS is applied. */
  readonly dependsOn: readonly string[];
  /** Extra labels on the chart's ServiceMonitor (for a Prometheus serviceMonitorSelector). */
  readonly serviceMonitorLabels: Readonly<Record<string, string>>;
  readonly alerts: AlertsConfig;
  /** Per-cluster Corefile, placement, scaling, dual-stack; monitoring; Flux tuning (coredns-settings.ts). */
  readonly settings: CoreDnsSettings;
  /** Where the files go (src/layout); absent for the categories layout. */
  readonly layout?: LayoutAnswers;
}

// ---------------------------------------------------------------------------------------------
// Field checks, shared with prompts (which validate one field at a time)
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------

/**
 * Checks answers (from any front door) and fills in every default.
 * @throws InputError listing every problem, each with its field path and fix
 */
export function resolveCoreDnsConfig(input: unknown): CoreDnsConfig {
  const issues = new IssueCollector();
  const parsed = coreDnsAnswersSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      issues.add(...describeSchemaIssue(issue));
    }
    issues.throwIfAny('Invalid answers');
  }
  const answers: ParsedAnswers = parsed.data!;

  // Chart (the rules the chart prompts check as each answer is given)
  const version = answers.chart.version;
  const versionProblem = chartVersionProblem(version);
  if (versionProblem) issues.add(versionProblem.code, 'chart.version', versionProblem.message, versionProblem.fix);
  let source: ChartSource = defaultChartSource(version);
  const requestedSource = answers.chart.source;
  if (requestedSource !== undefined) {
    const sourceProblem = chartSourceProblem(requestedSource, version);
    if (sourceProblem) issues.add(sourceProblem.code, 'chart.source', sourceProblem.message, sourceProblem.fix);
    if (requestedSource === 'helm' || requestedSource === 'oci') source = requestedSource;
  }

  // Clusters
  if (answers.clusters.length === 0) {
    issues.add('clusters-empty', 'clusters', 'no cluster given', 'add at least one cluster: {name, serviceCidr}');
  }
  const seen = new Map<string, number>();
  const clusters: ClusterConfig[] = answers.clusters.map((cluster, index) => {
    const at = `clusters[${index}]`;
    const nameProblem = fieldChecks.clusterName(cluster.name);
    if (nameProblem) {
      issues.add('cluster-name-invalid', `${at}.name`, nameProblem, `use lowercase letters, digits and "-", starting and ending with a letter or digit, at most ${MAX_CLUSTER_NAME} characters`);
    } else if (seen.has(cluster.name)) {
      issues.add(DUPLICATE_CLUSTER_NAME, `${at}.name`, `"${cluster.name}" is already used by clusters[${seen.get(cluster.name)}]`, 'give every cluster a different name');
    } else {
      seen.set(cluster.name, index);
    }

    const replicas = cluster.replicas;
    const replicasProblem = fieldChecks.replicas(replicas);
    if (replicasProblem) {
      issues.add('replicas-invalid', `${at}.replicas`, replicasProblem, 'use a whole number from 1 to 100 (2 or more keeps DNS up through a node drain)');
    }

    let dnsIp = cluster.dnsIp ?? '';
    const cidr = parseServiceCidr(cluster.serviceCidr);
    if (typeof cidr === 'string') {
      issues.add(
        'service-cidr-invalid',
        `${at}.serviceCidr`,
        cidr,
        "use the cluster's Service CIDR (kube-apiserver's --service-cluster-ip-range) in network/prefix form, /12 to /28 for IPv4 or /108 to /124 for IPv6, e.g. 10.245.0.0/16",
      );
    } else if (cluster.dnsIp === undefined) {
      dnsIp = nthAddress(cidr, DNS_ADDRESS_INDEX);
    } else {
      const address = parseAddress(cluster.dnsIp);
      if (typeof address === 'string') {
        issues.add('dns-ip-invalid', `${at}.dnsIp`, address, `use an address inside ${cidr.text}, e.g. ${nthAddress(cidr, DNS_ADDRESS_INDEX)}`);
      } else {
        const problem = clusterIpProblem(cidr, address);
        if (problem) {
          issues.add(
            'dns-ip-outside-range',
            `${at}.dnsIp`,
            `${quote(cluster.dnsIp)} ${problem}`,
            `use an address inside ${cidr.text} other than its network or broadcast address, e.g. ${nthAddress(cidr, DNS_ADDRESS_INDEX)}`,
          );
        }
        dnsIp = canonicalAddress(address);
      }
    }
    return { name: cluster.name, serviceCidr: typeof cidr === 'string' ? cluster.serviceCidr : cidr.text, dnsIp, replicas };
  });

  // dependsOn
  const dependsOn = typeof answers.dependsOn === 'string' ? splitList(answers.dependsOn) : answers.dependsOn;
  dependsOn.forEach((name, index) => {
    const problem = fieldChecks.kubernetesName(name);
    if (problem) {
      const path = typeof answers.dependsOn === 'string' ? 'dependsOn' : `dependsOn[${index}]`;
      issues.add('depends-on-invalid', path, problem, 'name a Flux Kustomization in flux-system, e.g. cilium-core');
    }
  });

  // ServiceMonitor labels
  const serviceMonitorLabels = answers.serviceMonitorLabels;
  checkLabels(serviceMonitorLabels, 'serviceMonitorLabels', issues);

  const alerts = resolveAlerts(answers.alerts, issues);
  const settings = resolveCoreDnsSettings(answers, clusters, version, serviceMonitorLabels, issues);
  issues.throwIfAny();
  return {
    clusters,
    chart: { version, source },
    dependsOn,
    serviceMonitorLabels: sortRecord(serviceMonitorLabels),
    alerts,
    settings,
    // A bare categories layout is the default: not stored, so those repositories keep their bytes.
    ...(answers.layout && !(answers.layout.kind === 'categories' && Object.keys(answers.layout).length === 1) ? { layout: answers.layout } : {}),
  };
}

/**
 * The explicit answers that reproduce `config`: what .yo-rc.json stores, so a later run (or a
 * newer version of the tool with other defaults) renders the same files.
 */
export function toStoredAnswers(config: CoreDnsConfig): CoreDnsAnswers {
  const { alerts } = config;
  return {
    clusters: config.clusters.map((c, i) => ({ name: c.name, serviceCidr: c.serviceCidr, dnsIp: c.dnsIp, replicas: c.replicas, ...storedClusterSettings(config.settings, i) })),
    chart: { version: config.chart.version, source: config.chart.source },
    dependsOn: [...config.dependsOn],
    serviceMonitorLabels: { ...config.serviceMonitorLabels },
    alerts: {
      job: alerts.job,
      absent: { for: alerts.absent.for, severity: alerts.absent.severity },
      down: { for: alerts.down.for, severity: alerts.down.severity },
      errorRatio: { threshold: alerts.errorRatio.threshold, for: alerts.errorRatio.for, severity: alerts.errorRatio.severity },
      latency: { p99Seconds: alerts.latency.p99Seconds, for: alerts.latency.for, severity: alerts.latency.severity },
      // A preset is stored by name, so it follows the job label and catalogue fixes.
      rules: alerts.rules.map((rule) => storedRule(rule, `job=${JSON.stringify(alerts.job)},namespace="kube-system"`)),
    },
    ...storedSettings(config.settings),
    ...(config.layout ? { layout: structuredClone(config.layout) } : {}),
  };
}

function sortRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export type { InputIssue };
