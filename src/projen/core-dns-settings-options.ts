// Typed projen options for the per-cluster CoreDNS settings (src/model/coredns-settings.ts);
// the compile-time check in test/projen keeps them key for key with the answers model.

/** The cache plugin of the main server block. */
export interface CoreDnsCacheOptions {
  /** Longest TTL in seconds. @default 30 */
  readonly ttl?: number;
  /** Prefetch an item once it was asked this many times. @default no prefetch */
  readonly prefetch?: number;
  /** Answer from an expired entry while upstreams are unreachable. @default false */
  readonly serveStale?: boolean;
}

/** The chart's cluster-proportional autoscaler bounds; it then owns the replica count. */
export interface CoreDnsAutoscalerOptions {
  /** @default 2 */
  readonly min?: number;
  /** @default the larger of 10 and min */
  readonly max?: number;
}

/** Settings a repository sets in `defaults` and each cluster may override. */
export interface CoreDnsDnsSettingsOptions {
  /** Upstream resolvers of `forward .` (IP addresses, optionally `:port`). @default ['/etc/resolv.conf'] */
  readonly forwarders?: readonly string[];
  readonly cache?: CoreDnsCacheOptions;
  /** `control-plane` pins CoreDNS to control-plane nodes (affinity + toleration). @default 'any' */
  readonly placement?: 'any' | 'control-plane';
  /** Zone → upstream addresses; each becomes a server block of its own. @default {} */
  readonly stubDomains?: Readonly<Record<string, readonly string[]>>;
  /** Host name → address, answered by the hosts plugin. @default {} */
  readonly hosts?: Readonly<Record<string, string>>;
  /** Answer every AAAA query with NOERROR and no record (IPv4-only clusters). @default false */
  readonly suppressAAAA?: boolean;
  /** Replaces `replicas` with the chart's cluster-proportional autoscaler. @default off */
  readonly autoscaler?: CoreDnsAutoscalerOptions;
  /** Any chart value the pinned chart reads, except those the shared HelmRelease sets. @default {} */
  readonly values?: Readonly<Record<string, unknown>>;
}

/** Cluster-only settings: dual-stack. */
export interface CoreDnsClusterSettingsOptions extends CoreDnsDnsSettingsOptions {
  /** The IPv6 Service CIDR of a dual-stack cluster (serviceCidr stays IPv4). @default single-stack */
  readonly serviceCidrV6?: string;
  /** The kube-dns IPv6 ClusterIP. @default the 10th address of serviceCidrV6 */
  readonly dnsIpV6?: string;
}

/** The monitoring Kustomization (ServiceMonitor + PrometheusRule), which never blocks DNS. */
export interface CoreDnsMonitoringOptions {
  /** Flux Kustomizations that provide the monitoring CRDs, waited for besides coredns. @default [] */
  readonly dependsOn?: readonly string[];
  /** Labels on the ServiceMonitor and PrometheusRule (your Prometheus' selectors). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Flux tuning of the HelmRelease and chart source. */
export interface CoreDnsFluxOptions {
  /** HelmRelease `spec.driftDetection.mode`. @default not set (helm-controller's default, disabled) */
  readonly driftDetection?: 'enabled' | 'warn' | 'disabled';
  /** How often the chart source is checked (`chart.spec.interval`, or the OCIRepository's). @default not set */
  readonly chartInterval?: string;
  /** A `# yaml-language-server: $schema=` line on each Flux and monitoring file. @default false */
  readonly schemaComments?: boolean;
}

/** Top-level settings options beside `clusters`. */
export interface CoreDnsSettingsOptions {
  /** Repository-wide defaults of the per-cluster settings. */
  readonly defaults?: CoreDnsDnsSettingsOptions;
  readonly monitoring?: CoreDnsMonitoringOptions;
  readonly flux?: CoreDnsFluxOptions;
}
