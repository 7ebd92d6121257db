import { checkChartOverrides } from './chart-overrides.js';
import { CLUSTER_SETTING_KEYS, type ClusterSettingsAnswers, DRIFT_DETECTION_MODES, type DnsSettingsAnswers, type DriftDetectionMode, type SettingsAnswers } from './coredns-settings-schema.js';
import { dnsFieldChecks } from './dns-fields.js';
import type { IssueCollector } from '../../../model/input-error.js';
import { DNS_LABEL, checkLabels } from '../../../model/k8s-names.js';
import { clusterIpProblem, nthAddress, parseAddress, parseServiceCidr } from '../../../model/network.js';
import { isMap } from '../../../private/is-map.js';

export const PLACEMENTS = ['any', 'control-plane'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** The chart's own Corefile: forward to the node's resolv.conf, cache 30 s. */
export const DEFAULT_FORWARDERS = ['/etc/resolv.conf'] as const;
export const DEFAULT_CACHE_TTL = 30;
/** Used when `autoscaler` is given without bounds: two pods keep DNS up through a node drain. */
export const DEFAULT_AUTOSCALER = { min: 2, max: 10 } as const;
/** The forward plugin takes at most 15 upstreams. */
const MAX_UPSTREAMS = 15;

export interface ClusterDnsSettings {
  readonly forwarders: readonly string[];
  readonly cache: { readonly ttl: number; readonly prefetch?: number; readonly serveStale: boolean };
  readonly placement: Placement;
  readonly stubDomains: Readonly<Record<string, readonly string[]>>;
  readonly hosts: Readonly<Record<string, string>>;
  readonly suppressAAAA: boolean;
  /** The chart's cluster-proportional autoscaler, which then owns the Deployment's replicas. */
  readonly autoscaler?: { readonly min: number; readonly max: number };
  /** Chart values for this cluster (defaults' deep-merged with the cluster's). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly dualStack?: { readonly serviceCidrV6: string; readonly dnsIpV6: string };
}

export interface CoreDnsSettings {
  /**
   * True when any answer shapes per-cluster values: each cluster then gets a values ConfigMap
   * that the HelmRelease reads through valuesFrom. False keeps the story's files unchanged.
   */
  readonly perClusterValues: boolean;
  /** By cluster name. */
  readonly clusters: Readonly<Record<string, ClusterDnsSettings>>;
  readonly monitoring: {
    /** Whether the ServiceMonitor, PrometheusRule and their Flux Kustomization are written. */
    readonly enabled: boolean;
    readonly dependsOn: readonly string[];
    readonly labels: Readonly<Record<string, string>>;
  };
  readonly flux: { readonly driftDetection?: DriftDetectionMode; readonly chartInterval?: string; readonly schemaComments: boolean };
  /** The answers as given, defaults and overrides kept apart, so stored answers keep inheriting. */
  readonly stored: { readonly answers: SettingsAnswers; readonly clusters: readonly ClusterSettingsAnswers[] };
}

interface ResolvedCluster {
  readonly name: string;
  readonly serviceCidr: string;
}

type Answers = SettingsAnswers & { readonly clusters: readonly ClusterSettingsAnswers[] };

/** Resolves the settings answers; problems go to `issues` with their path and fix. */
export function resolveCoreDnsSettings(
  answers: Answers,
  clusters: readonly ResolvedCluster[],
  chartVersion: string,
  serviceMonitorLabels: Readonly<Record<string, string>>,
  issues: IssueCollector,
): CoreDnsSettings {
  const defaults = answers.defaults ?? {};
  checkDnsSettings(defaults, 'defaults', chartVersion, issues);
  const own = answers.clusters.map(pickClusterSettings);
  const resolved: Record<string, ClusterDnsSettings> = {};
  clusters.forEach((cluster, index) => {
    const at = `clusters[${index}]`;
    const given = own[index] ?? {};
    checkDnsSettings(given, at, chartVersion, issues);
    const settings = mergeSettings(defaults, given);
    const dualStack = resolveDualStack(given, cluster.serviceCidr, at, issues);
    if (dualStack && settings.suppressAAAA) {
      issues.add('suppress-aaaa-dual-stack', `${at}.suppressAAAA`, 'is true on a dual-stack cluster, whose Services answer AAAA', 'remove suppressAAAA (or serviceCidrV6)');
    }
    resolved[cluster.name] = { ...settings, ...(dualStack ? { dualStack } : {}) };
  });

  const monitoring = answers.monitoring ?? {};
  (monitoring.dependsOn ?? []).forEach((name, index) => {
    if (!DNS_LABEL.test(name) || name.length > 63) {
      issues.add(
        'monitoring-depends-on-invalid',
        `monitoring.dependsOn[${index}]`,
        `"${name}" is not a Flux Kustomization name`,
        'name a Kustomization in flux-system, e.g. kube-prometheus-stack-crds',
      );
    }
  });
  checkLabels(monitoring.labels ?? {}, 'monitoring.labels', issues);
  const enabled = monitoring.enabled ?? 'on';
  if (enabled !== 'on' && enabled !== 'off') {
    issues.add(
      'monitoring-enabled-invalid',
      'monitoring.enabled',
      enabled === 'auto' ? 'is auto, which only platform:coredns and platform-gitops coredns decide (they read the repository)' : `"${enabled}" is not on, off or auto`,
      'use on (write the ServiceMonitor and PrometheusRule) or off',
    );
  }

  const flux = answers.flux ?? {};
  if (flux.driftDetection !== undefined && !(DRIFT_DETECTION_MODES as readonly string[]).includes(flux.driftDetection)) {
    issues.add('drift-detection-invalid', 'flux.driftDetection', `"${flux.driftDetection}" is not a drift detection mode`, `use one of ${DRIFT_DETECTION_MODES.join(', ')}`);
  }
  const intervalProblem = flux.chartInterval === undefined ? undefined : dnsFieldChecks.goDuration(flux.chartInterval);
  if (intervalProblem) issues.add('chart-interval-invalid', 'flux.chartInterval', intervalProblem, 'use a duration such as 1h, 30m or 1h30m');

  return {
    perClusterValues: Object.keys(defaults).length > 0 || own.some((settings) => Object.keys(settings).length > 0),
    clusters: resolved,
    monitoring: {
      enabled: enabled !== 'off',
      dependsOn: [...(monitoring.dependsOn ?? [])],
      labels: sortKeys({ ...serviceMonitorLabels, ...monitoring.labels }),
    },
    flux: {
      ...(flux.driftDetection !== undefined ? { driftDetection: flux.driftDetection as DriftDetectionMode } : {}),
      ...(flux.chartInterval !== undefined ? { chartInterval: flux.chartInterval } : {}),
      schemaComments: flux.schemaComments ?? false,
    },
    stored: {
      answers: structuredClone({ defaults: answers.defaults, monitoring: storedMonitoring(answers.monitoring), flux: answers.flux }),
      clusters: structuredClone(own),
    },
  };
}

/** Monitoring as stored: `on` is the default and not written, so answers stored before the option keep their bytes. */
function storedMonitoring(monitoring: SettingsAnswers['monitoring']): SettingsAnswers['monitoring'] {
  if (monitoring?.enabled !== 'on') return monitoring;
  const rest = { ...monitoring };
  delete rest.enabled;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** The top-level settings answers to store (only those that were given). */
export function storedSettings(settings: CoreDnsSettings): SettingsAnswers {
  return Object.fromEntries(Object.entries(settings.stored.answers).filter(([, value]) => value !== undefined));
}

/** A cluster's own settings answers to store beside its name and addresses. */
export function storedClusterSettings(settings: CoreDnsSettings, index: number): ClusterSettingsAnswers {
  return structuredClone(settings.stored.clusters[index] ?? {});
}

function pickClusterSettings(cluster: ClusterSettingsAnswers): ClusterSettingsAnswers {
  return Object.fromEntries(CLUSTER_SETTING_KEYS.filter((key) => cluster[key] !== undefined).map((key) => [key, cluster[key]]));
}

/** A cluster's value wins; maps (cache, stubDomains, hosts, values) merge key by key. */
function mergeSettings(defaults: DnsSettingsAnswers, own: DnsSettingsAnswers): Omit<ClusterDnsSettings, 'dualStack'> {
  const cache = { ...defaults.cache, ...own.cache };
  const given = own.autoscaler ?? defaults.autoscaler;
  const autoscaler = given ? autoscalerBounds(given) : undefined;
  return {
    forwarders: own.forwarders ?? defaults.forwarders ?? DEFAULT_FORWARDERS,
    cache: { ttl: cache.ttl ?? DEFAULT_CACHE_TTL, ...(cache.prefetch !== undefined ? { prefetch: cache.prefetch } : {}), serveStale: cache.serveStale ?? false },
    placement: (own.placement ?? defaults.placement ?? 'any') as Placement,
    stubDomains: { ...defaults.stubDomains, ...own.stubDomains },
    hosts: { ...defaults.hosts, ...own.hosts },
    suppressAAAA: own.suppressAAAA ?? defaults.suppressAAAA ?? false,
    ...(autoscaler ? { autoscaler } : {}),
    values: deepMerge(defaults.values ?? {}, own.values ?? {}),
  };
}

/** Helm's merge: maps merge key by key, everything else replaces. */
export function deepMerge(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isMap(prior) && isMap(value) ? deepMerge(prior, value) : value;
  }
  return out;
}

function checkDnsSettings(given: DnsSettingsAnswers, at: string, chartVersion: string, issues: IssueCollector): void {
  const upstreams = (list: readonly string[], where: string, allowResolvConf: boolean) => {
    if (list.length === 0 || list.length > MAX_UPSTREAMS) {
      issues.add('upstreams-count', where, `has ${list.length} entries`, `give 1 to ${MAX_UPSTREAMS} upstream addresses`);
    }
    list.forEach((value, i) => {
      const problem = dnsFieldChecks.upstream(value, allowResolvConf);
      if (problem) issues.add('upstream-invalid', `${where}[${i}]`, problem, 'use an IP address such as 1.1.1.1 or 10.0.0.53:5353' + (allowResolvConf ? ', or /etc/resolv.conf' : ''));
    });
  };
  if (given.forwarders) upstreams(given.forwarders, `${at}.forwarders`, true);
  const cache = given.cache ?? {};
  const wholeNumber = (value: number | undefined, where: string, min: number, max: number, fix: string) => {
    const problem = value === undefined ? undefined : dnsFieldChecks.wholeNumber(value, min, max);
    if (problem) issues.add('setting-number-invalid', where, problem, fix);
  };
  wholeNumber(cache.ttl, `${at}.cache.ttl`, 1, 86400, 'use the longest cache TTL in seconds, e.g. 30');
  wholeNumber(cache.prefetch, `${at}.cache.prefetch`, 1, 1000, 'use how many queries an item needs before it is prefetched, e.g. 10');
  if (given.placement !== undefined && !(PLACEMENTS as readonly string[]).includes(given.placement)) {
    issues.add('placement-invalid', `${at}.placement`, `"${given.placement}" is not a placement`, `use one of ${PLACEMENTS.join(', ')}`);
  }
  for (const [zone, servers] of Object.entries(given.stubDomains ?? {})) {
    const problem = dnsFieldChecks.dnsName(zone);
    if (problem) issues.add('stub-domain-invalid', `${at}.stubDomains.${zone}`, problem, 'use a zone name such as corp.example');
    else if (['.', 'cluster.local', 'in-addr.arpa', 'ip6.arpa'].includes(zone.replace(/\.$/, '') || '.')) {
      issues.add('stub-domain-cluster-zone', `${at}.stubDomains.${zone}`, `"${zone}" is served by the cluster's own server block`, 'use forwarders for ".", and a zone outside cluster.local');
    }
    upstreams(servers, `${at}.stubDomains.${zone}`, false);
  }
  for (const [name, address] of Object.entries(given.hosts ?? {})) {
    const problem = dnsFieldChecks.dnsName(name);
    if (problem) issues.add('host-name-invalid', `${at}.hosts.${name}`, problem, 'use a host name such as registry.infra.local');
    if (typeof parseAddress(address) === 'string') issues.add('host-address-invalid', `${at}.hosts.${name}`, `"${address}" is not an IP address`, 'map the name to an IPv4 or IPv6 address');
  }
  if (given.autoscaler) {
    const { min, max } = autoscalerBounds(given.autoscaler);
    wholeNumber(given.autoscaler.min, `${at}.autoscaler.min`, 1, 100, 'use a whole number from 1 to 100 (2 or more keeps DNS up through a drain)');
    wholeNumber(given.autoscaler.max, `${at}.autoscaler.max`, 1, 100, 'use a whole number from 1 to 100');
    if (min > max) issues.add('autoscaler-min-above-max', `${at}.autoscaler`, `min ${min} is more than max ${max}`, `raise max to at least ${min}, or lower min`);
  }
  if (given.values) checkChartOverrides(given.values, `${at}.values`, chartVersion, issues);
}

/** Missing bounds: min 2, max at least 10 (and never below min). */
function autoscalerBounds(given: NonNullable<DnsSettingsAnswers['autoscaler']>): { min: number; max: number } {
  const min = given.min ?? DEFAULT_AUTOSCALER.min;
  return { min, max: given.max ?? Math.max(min, DEFAULT_AUTOSCALER.max) };
}

function resolveDualStack(given: ClusterSettingsAnswers, serviceCidr: string, at: string, issues: IssueCollector): ClusterDnsSettings['dualStack'] {
  if (given.serviceCidrV6 === undefined) {
    if (given.dnsIpV6 !== undefined) issues.add('dns-ip-v6-without-cidr', `${at}.dnsIpV6`, 'is set without serviceCidrV6', "add the cluster's IPv6 Service CIDR as serviceCidrV6");
    return undefined;
  }
  const cidr = parseServiceCidr(given.serviceCidrV6);
  if (typeof cidr === 'string') {
    issues.add('service-cidr-v6-invalid', `${at}.serviceCidrV6`, cidr, 'use the IPv6 Service CIDR in network/prefix form, e.g. fd00:10:248::/112');
    return undefined;
  }
  if (cidr.family !== 'ipv6') {
    issues.add('service-cidr-v6-invalid', `${at}.serviceCidrV6`, `"${given.serviceCidrV6}" is not IPv6`, 'use the IPv6 Service CIDR, e.g. fd00:10:248::/112');
    return undefined;
  }
  const primary = parseServiceCidr(serviceCidr);
  if (typeof primary !== 'string' && primary.family !== 'ipv4') {
    issues.add('service-cidr-v6-needs-ipv4', `${at}.serviceCidrV6`, `needs an IPv4 serviceCidr (${serviceCidr} is IPv6)`, 'put the IPv4 range in serviceCidr and the IPv6 range in serviceCidrV6');
  }
  const suggestion = nthAddress(cidr, 10);
  if (given.dnsIpV6 === undefined) return { serviceCidrV6: cidr.text, dnsIpV6: suggestion };
  const address = parseAddress(given.dnsIpV6);
  const problem = typeof address === 'string' ? address : clusterIpProblem(cidr, address);
  if (problem) {
    issues.add(
      'dns-ip-v6-invalid',
      `${at}.dnsIpV6`,
      typeof address === 'string' ? problem : `${given.dnsIpV6} ${problem.replace('serviceCidr', 'serviceCidrV6')}`,
      `use an address inside ${cidr.text}, e.g. ${suggestion}`,
    );
    return undefined;
  }
  return { serviceCidrV6: cidr.text, dnsIpV6: (address as { toString(): string }).toString() };
}

function sortKeys(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
