import { z } from 'zod';
import {
  type ChartSource,
  DEFAULT_CHART_VERSION,
  FIRST_OCI_CHART_VERSION,
  defaultChartSource,
  isPublishedToOci,
  parseChartVersion,
} from './chart-catalog.js';
import { ALERT_PRESETS, type AlertPreset, checkPromql, findPreset, fluxSubstitutionIssue, presetRunbook } from '../alerts/index.js';
import { IssueCollector, type InputIssue, quote, shorten } from './input-error.js';
import { layoutAnswersSchema, type LayoutAnswers } from '../layout/layout-answers.js';
import { canonicalAddress, clusterIpProblem, nthAddress, parseAddress, parseServiceCidr } from './network.js';

/** Kubernetes puts the DNS Service at the 10th address of the service range. */
export const DNS_ADDRESS_INDEX = 10;
/** The story's replica count and the default for new clusters. */
export const DEFAULT_REPLICAS = 2;
/** The Flux Kustomization CoreDNS waits for (the CNI must be up before DNS pods can run). */
export const DEFAULT_DEPENDS_ON = 'cilium-core';

/** Prometheus' duration syntax: units in descending order, at least one. */
const DURATION = /^(?!$)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
/** The longest cluster name whose Flux Kustomization `cluster-<name>-infrastructure` fits a 63-character label value. */
export const MAX_CLUSTER_NAME = 63 - 'cluster-'.length - '-infrastructure'.length;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ALERT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const K8S_LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const K8S_LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

// ---------------------------------------------------------------------------------------------
// Input (what an answers file, the prompts, the options or the projen component provide)
// ---------------------------------------------------------------------------------------------

const clusterInput = z.strictObject({
  name: z.string(),
  serviceCidr: z.string(),
  dnsIp: z.string().optional(),
  replicas: z.number().optional(),
});

const alertToggle = z.strictObject({
  for: z.string().optional(),
  severity: z.string().optional(),
});

/** A custom alert rule (added by `platform:alert` or written into the answers). */
const customRuleInput = z.strictObject({
  alert: z.string().optional(),
  expr: z.string().optional(),
  for: z.string().optional(),
  severity: z.string().optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  runbookUrl: z.string().optional(),
  group: z.string().optional(),
  preset: z.string().optional(),
});

const alertsInput = z.strictObject({
  job: z.string().optional(),
  absent: alertToggle.optional(),
  down: alertToggle.optional(),
  errorRatio: alertToggle.extend({ threshold: z.number().optional() }).optional(),
  latency: alertToggle.extend({ p99Seconds: z.number().optional() }).optional(),
  rules: z.array(customRuleInput).optional(),
});

export const coreDnsAnswersSchema = z.strictObject({
  clusters: z.array(clusterInput),
  chart: z
    .strictObject({
      version: z.string().optional(),
      source: z.string().optional(),
    })
    .optional(),
  dependsOn: z.union([z.string(), z.array(z.string())]).optional(),
  serviceMonitorLabels: z.record(z.string(), z.string()).optional(),
  alerts: alertsInput.optional(),
  layout: layoutAnswersSchema.optional(),
});

/** The answers as a user writes them: everything but the cluster list is optional. */
export type CoreDnsAnswers = z.input<typeof coreDnsAnswersSchema>;
export type ClusterAnswers = z.input<typeof clusterInput>;
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

export interface AlertSettings {
  readonly for: string;
  readonly severity: Severity;
}

export interface CustomRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly severity: Severity;
  readonly summary?: string;
  readonly description?: string;
  readonly runbookUrl?: string;
  /** The rule group; `coredns` (the default group) or a group of its own. */
  readonly group: string;
  /** The catalogue preset this rule came from, if any. */
  readonly preset?: string;
}

export interface AlertsConfig {
  /** Prometheus `job` label of the CoreDNS targets. @default "coredns-metrics" (the chart's metrics Service) */
  readonly job: string;
  readonly absent: AlertSettings;
  readonly down: AlertSettings;
  readonly errorRatio: AlertSettings & { readonly threshold: number };
  readonly latency: AlertSettings & { readonly p99Seconds: number };
  readonly rules: readonly CustomRule[];
}

export interface CoreDnsConfig {
  readonly clusters: readonly ClusterConfig[];
  readonly chart: { readonly version: string; readonly source: ChartSource };
  /** Flux Kustomizations that must be ready before CoreDNS is applied. */
  readonly dependsOn: readonly string[];
  /** Extra labels on the chart's ServiceMonitor (for a Prometheus serviceMonitorSelector). */
  readonly serviceMonitorLabels: Readonly<Record<string, string>>;
  readonly alerts: AlertsConfig;
  /** Where the files go (src/layout); absent for the story layout. */
  readonly layout?: LayoutAnswers;
}

/** The chart's metrics Service is `<fullname>-metrics`; the release is named `coredns`. */
export const DEFAULT_METRICS_JOB = 'coredns-metrics';
export const DEFAULT_ALERT_GROUP = 'coredns';
/** The story's four alerts, always rendered in the coredns group. */
export const DEFAULT_ALERT_NAMES = ['CoreDNSAbsent', 'CoreDNSDown', 'CoreDNSHighErrorRate', 'CoreDNSLatencyHigh'] as const;

const ALERT_DEFAULTS = {
  absent: { for: '5m', severity: 'critical' },
  down: { for: '5m', severity: 'critical' },
  errorRatio: { for: '10m', severity: 'warning', threshold: 0.05 },
  latency: { for: '10m', severity: 'warning', p99Seconds: 1 },
} as const;

// ---------------------------------------------------------------------------------------------
// Field checks, shared with prompts (which validate one field at a time)
// ---------------------------------------------------------------------------------------------

/** Characters that would be read as YAML, Flux substitution or template syntax in a name-like field. */
function hasInjectionText(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'contains a line break';
  if (value.includes('${')) return 'contains "${" (Flux would substitute it)';
  if (value.includes('{{')) return 'contains "{{" (template syntax)';
  if (value.includes('<%')) return 'contains "<%" (template syntax)';
  return undefined;
}

export const fieldChecks = {
  clusterName(value: string): string | undefined {
    const injected = hasInjectionText(value);
    if (injected) return `${quote(value)} ${injected}`;
    if (value.length === 0) return 'is empty';
    if (value.length > 63) return `${quote(value)} is longer than 63 characters`;
    if (!DNS_LABEL.test(value)) return `${quote(value)} is not a DNS label`;
    const fluxName = `cluster-${value}-infrastructure`;
    if (value.length > MAX_CLUSTER_NAME) return `${quote(value)} makes the Flux Kustomization name ${fluxName} ${fluxName.length} characters long; Flux puts that name in a label, which allows at most 63`;
    return undefined;
  },
  replicas(value: unknown): string | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value)) return `${JSON.stringify(value)} is not a whole number`;
    if (value < 1) return `${value} is less than 1`;
    if (value > 100) return `${value} is more than 100`;
    return undefined;
  },
  duration(value: string): string | undefined {
    if (!DURATION.test(value)) return `${quote(value)} is not a Prometheus duration`;
    return undefined;
  },
  severity(value: string): string | undefined {
    return (SEVERITIES as readonly string[]).includes(value) ? undefined : `${quote(value)} is not a known severity`;
  },
  kubernetesName(value: string): string | undefined {
    const injected = hasInjectionText(value);
    if (injected) return `${quote(value)} ${injected}`;
    if (value.length === 0 || value.length > 63 || !DNS_LABEL.test(value)) return `${quote(value)} is not a Kubernetes object name (DNS label)`;
    return undefined;
  },
  alertName(value: string): string | undefined {
    if (!ALERT_NAME.test(value)) return `${quote(value)} is not a valid alert name`;
    return undefined;
  },
};

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
  const answers = parsed.data!;

  // Chart
  const version = answers.chart?.version ?? DEFAULT_CHART_VERSION;
  if (!parseChartVersion(version)) {
    issues.add('chart.version', `${quote(version)} is not a chart version`, 'use MAJOR.MINOR.PATCH, e.g. 1.38.0');
  }
  let source: ChartSource = defaultChartSource(version);
  const requestedSource = answers.chart?.source;
  if (requestedSource !== undefined) {
    if (requestedSource !== 'helm' && requestedSource !== 'oci') {
      issues.add('chart.source', `${quote(requestedSource)} is not a chart source`, 'use "helm" (HelmRepository) or "oci" (OCIRepository)');
    } else {
      source = requestedSource;
      if (source === 'oci' && parseChartVersion(version) && !isPublishedToOci(version)) {
        issues.add(
          'chart.source',
          `chart ${version} was never published to OCI (the first OCI release is ${FIRST_OCI_CHART_VERSION})`,
          `use source "helm" for ${version}, or version ${FIRST_OCI_CHART_VERSION} or later with "oci"`,
        );
      }
    }
  }

  // Clusters
  if (answers.clusters.length === 0) {
    issues.add('clusters', 'no cluster given', 'add at least one cluster: {name, serviceCidr}');
  }
  const seen = new Map<string, number>();
  const clusters: ClusterConfig[] = answers.clusters.map((cluster, index) => {
    const at = `clusters[${index}]`;
    const nameProblem = fieldChecks.clusterName(cluster.name);
    if (nameProblem) {
      issues.add(`${at}.name`, nameProblem, `use lowercase letters, digits and "-", starting and ending with a letter or digit, at most ${MAX_CLUSTER_NAME} characters`);
    } else if (seen.has(cluster.name)) {
      issues.add(`${at}.name`, `"${cluster.name}" is already used by clusters[${seen.get(cluster.name)}]`, 'give every cluster a different name');
    } else {
      seen.set(cluster.name, index);
    }

    const replicas = cluster.replicas ?? DEFAULT_REPLICAS;
    const replicasProblem = fieldChecks.replicas(replicas);
    if (replicasProblem) {
      issues.add(`${at}.replicas`, replicasProblem, 'use a whole number from 1 to 100 (2 or more keeps DNS up through a node drain)');
    }

    let dnsIp = cluster.dnsIp ?? '';
    const cidr = parseServiceCidr(cluster.serviceCidr);
    if (typeof cidr === 'string') {
      issues.add(`${at}.serviceCidr`, cidr, 'use the cluster\'s Service CIDR (kube-apiserver\'s --service-cluster-ip-range) in network/prefix form, /12 to /28 for IPv4 or /108 to /124 for IPv6, e.g. 10.245.0.0/16');
    } else if (cluster.dnsIp === undefined) {
      dnsIp = nthAddress(cidr, DNS_ADDRESS_INDEX);
    } else {
      const address = parseAddress(cluster.dnsIp);
      if (typeof address === 'string') {
        issues.add(`${at}.dnsIp`, address, `use an address inside ${cidr.text}, e.g. ${nthAddress(cidr, DNS_ADDRESS_INDEX)}`);
      } else {
        const problem = clusterIpProblem(cidr, address);
        if (problem) {
          issues.add(`${at}.dnsIp`, `${quote(cluster.dnsIp)} ${problem}`, `use an address inside ${cidr.text} other than its network or broadcast address, e.g. ${nthAddress(cidr, DNS_ADDRESS_INDEX)}`);
        }
        dnsIp = canonicalAddress(address);
      }
    }
    return { name: cluster.name, serviceCidr: typeof cidr === 'string' ? cluster.serviceCidr : cidr.text, dnsIp, replicas };
  });

  // dependsOn
  const dependsOn = answers.dependsOn === undefined
    ? [DEFAULT_DEPENDS_ON]
    : (typeof answers.dependsOn === 'string' ? splitList(answers.dependsOn) : answers.dependsOn);
  dependsOn.forEach((name, index) => {
    const problem = fieldChecks.kubernetesName(name);
    if (problem) {
      const path = typeof answers.dependsOn === 'string' ? 'dependsOn' : `dependsOn[${index}]`;
      issues.add(path, problem, 'name a Flux Kustomization in flux-system, e.g. cilium-core');
    }
  });

  // ServiceMonitor labels
  const serviceMonitorLabels = answers.serviceMonitorLabels ?? {};
  for (const [key, value] of Object.entries(serviceMonitorLabels)) {
    if (!K8S_LABEL_KEY.test(key)) {
      issues.add(`serviceMonitorLabels.${shorten(key)}`, 'is not a Kubernetes label key', 'use [prefix/]name with letters, digits, "-", "_" and "."');
    }
    if (!K8S_LABEL_VALUE.test(value)) {
      issues.add(`serviceMonitorLabels.${shorten(key)}`, `${quote(value)} is not a Kubernetes label value`, 'use at most 63 letters, digits, "-", "_" and "."');
    }
  }

  const alerts = resolveAlerts(answers.alerts ?? {}, issues);
  issues.throwIfAny();
  return {
    clusters,
    chart: { version, source },
    dependsOn,
    serviceMonitorLabels: sortRecord(serviceMonitorLabels),
    alerts,
    // A bare story layout is the default: not stored, so story repositories keep their bytes.
    ...(answers.layout && !(answers.layout.kind === 'story' && Object.keys(answers.layout).length === 1) ? { layout: answers.layout } : {}),
  };
}

function resolveAlerts(input: NonNullable<CoreDnsAnswers['alerts']>, issues: IssueCollector): AlertsConfig {
  const job = input.job ?? DEFAULT_METRICS_JOB;
  if (!K8S_LABEL_VALUE.test(job) || job.length === 0) {
    issues.add('alerts.job', `${quote(job)} is not a job label this chart's scrape can produce`, 'use the name of the Service Prometheus scrapes, e.g. coredns-metrics');
  }
  const settings = <K extends keyof typeof ALERT_DEFAULTS>(key: K) => {
    const given = input[key] ?? {};
    const merged = { ...ALERT_DEFAULTS[key], ...definedOnly(given) } as (typeof ALERT_DEFAULTS)[K] & AlertSettings;
    const durationProblem = fieldChecks.duration(merged.for);
    if (durationProblem) issues.add(`alerts.${key}.for`, durationProblem, 'use a Prometheus duration such as 5m, 1h or 1h30m');
    const severityProblem = fieldChecks.severity(merged.severity);
    if (severityProblem) issues.add(`alerts.${key}.severity`, severityProblem, `use one of ${SEVERITIES.join(', ')}`);
    return merged;
  };
  const errorRatio = settings('errorRatio');
  if (!(typeof errorRatio.threshold === 'number' && errorRatio.threshold > 0 && errorRatio.threshold < 1)) {
    issues.add('alerts.errorRatio.threshold', `${errorRatio.threshold} is not a ratio between 0 and 1`, 'use the share of SERVFAIL responses, e.g. 0.05 for 5 %');
  }
  const latency = settings('latency');
  if (!(typeof latency.p99Seconds === 'number' && latency.p99Seconds > 0 && latency.p99Seconds <= 60)) {
    issues.add('alerts.latency.p99Seconds', `${latency.p99Seconds} is not a latency in seconds above 0 and at most 60`, 'use seconds, e.g. 1 (CoreDNS histogram buckets reach 8 s)');
  }
  const selector = `job=${JSON.stringify(job)},namespace="kube-system"`;
  const rules = (input.rules ?? []).map((rule, index) => resolveCustomRule(rule, `alerts.rules[${index}]`, selector, issues));
  // Alert names are unique in the PrometheusRule, the four default alerts included.
  const names = new Map<string, string>(DEFAULT_ALERT_NAMES.map((name) => [name, 'the default coredns rules']));
  rules.forEach((rule, index) => {
    if (!rule.alert) return;
    const owner = names.get(rule.alert);
    if (owner) {
      issues.add(`alerts.rules[${index}].alert`, `${quote(rule.alert)} is already defined by ${owner}`, 'give the rule another name or remove the duplicate');
    }
    names.set(rule.alert, `alerts.rules[${index}]`);
  });
  return {
    job,
    absent: settings('absent'),
    down: settings('down'),
    errorRatio,
    latency,
    rules,
  };
}

function resolveCustomRule(rule: CustomRuleAnswers, at: string, selector: string, issues: IssueCollector): CustomRule {
  let preset: AlertPreset | undefined;
  if (rule.preset !== undefined) {
    preset = findPreset(rule.preset);
    if (!preset) issues.add(`${at}.preset`, `${quote(rule.preset)} is not a preset`, `use one of ${ALERT_PRESETS.map((p) => p.name).join(', ')} (platform-gitops alert --list)`);
  }
  const alert = rule.alert ?? preset?.alert ?? '';
  const expr = rule.expr ?? preset?.expr(selector) ?? '';
  if (rule.preset === undefined && rule.alert === undefined) issues.add(`${at}.alert`, 'is missing', 'name the alert, e.g. CoreDNSPanics, or use a preset');
  const nameProblem = alert ? fieldChecks.alertName(alert) : undefined;
  if (nameProblem) issues.add(`${at}.alert`, nameProblem, 'use letters, digits and "_", starting with a letter, e.g. CoreDNSPanics');
  // An unknown preset is the one problem to report: what it would have supplied is not missing.
  if (rule.preset === undefined || rule.expr !== undefined) {
    if (rule.expr === undefined) issues.add(`${at}.expr`, 'is missing', 'give a PromQL expression');
    else {
      const substitution = fluxSubstitutionIssue(rule.expr);
      if (substitution) issues.add(`${at}.expr`, substitution.message, substitution.fix);
      for (const error of checkPromql(rule.expr).errors) {
        issues.add(`${at}.expr`, `PromQL syntax error: ${error.message}\n      ${error.caret.replace(/\n/g, '\n      ')}`, 'fix the expression (it is parsed with Prometheus\' own grammar)');
      }
    }
  }
  const forValue = rule.for ?? preset?.for;
  if (forValue !== undefined) {
    const problem = fieldChecks.duration(forValue);
    if (problem) issues.add(`${at}.for`, problem, 'use a Prometheus duration such as 5m, 1h or 1h30m');
  }
  const severity = rule.severity ?? preset?.severity ?? 'warning';
  const severityProblem = fieldChecks.severity(severity);
  if (severityProblem) issues.add(`${at}.severity`, severityProblem, `use one of ${SEVERITIES.join(', ')}`);
  const group = rule.group ?? DEFAULT_ALERT_GROUP;
  const groupProblem = fieldChecks.kubernetesName(group);
  if (groupProblem) issues.add(`${at}.group`, groupProblem, 'use a group name of lowercase letters, digits and "-"');
  for (const field of ['summary', 'description', 'runbookUrl'] as const) {
    const value = rule[field];
    const problem = value === undefined ? undefined : fluxSubstitutionIssue(value);
    if (problem) issues.add(`${at}.${field}`, problem.message, `${problem.fix}; Prometheus templating such as {{ $labels.pod }} is fine`);
  }
  if (rule.runbookUrl !== undefined && !/^https?:\/\/[^\s"'<>]+$/.test(rule.runbookUrl)) {
    issues.add(`${at}.runbookUrl`, `${quote(rule.runbookUrl)} is not an http(s) URL`, 'give the runbook\'s address, e.g. https://runbooks.example.com/coredns');
  }
  const summary = rule.summary ?? preset?.summary;
  const description = rule.description ?? preset?.description;
  const runbookUrl = rule.runbookUrl ?? (preset ? presetRunbook(preset) : undefined);
  return {
    alert,
    expr,
    ...(forValue !== undefined ? { for: forValue } : {}),
    severity: severity as Severity,
    ...(summary !== undefined ? { summary } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(runbookUrl !== undefined ? { runbookUrl } : {}),
    group,
    ...(rule.preset !== undefined ? { preset: rule.preset } : {}),
  };
}

/**
 * The explicit answers that reproduce `config`: what .yo-rc.json stores, so a later run (or a
 * newer version of the tool with other defaults) renders the same files.
 */
export function toStoredAnswers(config: CoreDnsConfig): CoreDnsAnswers {
  const { alerts } = config;
  return {
    clusters: config.clusters.map((c) => ({ name: c.name, serviceCidr: c.serviceCidr, dnsIp: c.dnsIp, replicas: c.replicas })),
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
    ...(config.layout ? { layout: structuredClone(config.layout) } : {}),
  };
}

/**
 * A preset rule is stored by name, so it follows the job label and catalogue fixes; fields an
 * answers file set to something other than the preset's own are kept with it.
 */
function storedRule(rule: CustomRule, selector: string): CustomRuleAnswers {
  const preset = rule.preset ? findPreset(rule.preset) : undefined;
  if (!preset) return { ...rule };
  const own: Partial<CustomRule> = preset.build(selector);
  const overrides = Object.fromEntries(
    (Object.keys(rule) as Array<keyof CustomRule>).filter((key) => key !== 'preset' && rule[key] !== own[key]).map((key) => [key, rule[key]]),
  );
  return { preset: rule.preset, ...overrides };
}

/** Splits a comma- or space-separated list as typed at a prompt or on the command line. */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).map((item) => item.trim()).filter((item) => item.length > 0);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sortRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function describeSchemaIssue(issue: z.core.$ZodIssue): [string, string, string] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return [
        path || '(top level)',
        `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.slice(0, 5).map(quote).join(', ')}${issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : ''}`,
        'remove it, or check its spelling against docs/coredns.md',
      ];
    case 'invalid_type':
      return [path || '(top level)', `expected ${expectedWords(path, issue.expected)}, got ${describeValue(issue.input)}`, `write ${path || 'the answers'} as ${article(TYPE_WORDS[issue.expected] ?? issue.expected)}`];
    case 'invalid_union':
      return [path, `has the wrong type (${describeValue(issue.input)})`, 'write a string or a list of strings'];
    default:
      return [path || '(top level)', issue.message, 'see docs/coredns.md for the answers format'];
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${shorten(String(part))}`))
    .join('');
}

/** YAML words for zod's type names, for the fix text. */
const TYPE_WORDS: Record<string, string> = { array: 'list', object: 'map', record: 'map' };

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // NaN, Infinity: JSON says null
  return typeof value === 'string' ? `string ${quote(value)}` : `${typeof value} ${shorten(String(value))}`;
}

/** Replicas are counted: "expected a whole number" says more than zod's "expected number". */
function expectedWords(path: string, expected: string): string {
  return expected === 'number' && path.endsWith('.replicas') ? 'a whole number' : expected;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

export type { InputIssue };
