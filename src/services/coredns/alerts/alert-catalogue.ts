import { COREDNS_RUNBOOK_URL } from '../../../model/upstream.js';
/** The rule a preset adds: the shape of the model's `CustomRule` (alerts.rules[] resolved). */
export interface PresetRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly severity: 'critical' | 'warning' | 'info';
  readonly summary: string;
  readonly description: string;
  readonly runbookUrl: string;
  /** Always the default `coredns` group; platform:alert --group puts it elsewhere. */
  readonly group: string;
  /** The preset's name, so stored answers keep following the catalogue. */
  readonly preset: string;
}

/** Where a preset's rule goes and what it says. */
export interface AlertPreset {
  /** The name given to --preset. */
  readonly name: string;
  /** The alert it adds. */
  readonly alert: string;
  readonly severity: 'critical' | 'warning' | 'info';
  /** How long the condition must hold; absent: fire at once. */
  readonly for?: string;
  /** What it watches (the condition and, in parentheses, the metric), for --list. */
  readonly watches: string;
  readonly summary: string;
  readonly description: string;
  /** Builds the expression for the job selector (`job="…",namespace="kube-system"`, without braces). */
  expr(selector: string): string;
  /** The whole rule for the job selector, as the model resolves `{preset: name}`. */
  build(selector: string): PresetRule;
}

const RUNBOOK = COREDNS_RUNBOOK_URL;

/** The runbook link of a preset: the upstream mixin's page for the alert it derives from. */
export function presetRunbook(preset: AlertPreset): string {
  return `${RUNBOOK}${UPSTREAM[preset.name] ?? preset.alert.toLowerCase()}`;
}

const UPSTREAM: Record<string, string> = {
  'errors-warning': 'corednserrorshigh',
  'errors-critical': 'corednserrorshigh',
  'latency-critical': 'corednslatencyhigh',
  down: 'corednsdown',
  'forward-errors': 'corednsforwarderrorshigh',
  'forward-latency': 'corednsforwardlatencyhigh',
  'forward-healthcheck-failures': 'corednsforwardhealthcheckfailurecount',
  'forward-healthcheck-broken': 'corednsforwardhealthcheckbrokencount',
};

/** SERVFAIL share of `metric`, summed over what `without` lists (the numerator's rcode included). */
const servfailRatio = (metric: string, sel: string, without: string, extra = '') =>
  [`sum without (${without}) (rate(${metric}{${sel}${extra},rcode="SERVFAIL"}[5m]))`, '  /', `sum without (${without}) (rate(${metric}{${sel}${extra}}[5m]))`].join('\n');
const RESPONSE_LABELS = 'instance, pod, server, zone, view, rcode, plugin';

/**
 * CoreDNS alerts right for CoreDNS 1.11+ metrics, after the upstream coredns-mixin (forward
 * metrics moved to coredns_proxy_* in 1.11) and awesome-prometheus-alerts (panics).
 */
export const ALERT_PRESETS: readonly AlertPreset[] = (
  [
    {
      name: 'errors-warning',
      alert: 'CoreDNSErrorsHigh',
      severity: 'warning',
      for: '10m',
      watches: 'share of SERVFAIL responses > 1 % (coredns_dns_responses_total)',
      summary: 'CoreDNS is returning SERVFAIL for more than 1% of requests.',
      description: 'CoreDNS is returning SERVFAIL for {{ $value | humanizePercentage }} of requests.',
      expr: (sel) => `${servfailRatio('coredns_dns_responses_total', sel, RESPONSE_LABELS)}\n  > 0.01`,
    },
    {
      name: 'errors-critical',
      alert: 'CoreDNSErrorsCritical',
      severity: 'critical',
      for: '10m',
      watches: 'share of SERVFAIL responses > 3 % (coredns_dns_responses_total)',
      summary: 'CoreDNS is returning SERVFAIL for more than 3% of requests.',
      description: 'CoreDNS is returning SERVFAIL for {{ $value | humanizePercentage }} of requests.',
      expr: (sel) => `${servfailRatio('coredns_dns_responses_total', sel, RESPONSE_LABELS)}\n  > 0.03`,
    },
    {
      name: 'latency-critical',
      alert: 'CoreDNSLatencyCritical',
      severity: 'critical',
      for: '10m',
      watches: 'p99 request latency > 4 s per server and zone (coredns_dns_request_duration_seconds)',
      summary: 'CoreDNS p99 latency is above 4s.',
      description: 'CoreDNS p99 latency for server {{ $labels.server }} zone {{ $labels.zone }} is {{ $value | humanizeDuration }}.',
      expr: (sel) => `histogram_quantile(0.99,\n  sum without (instance, pod) (rate(coredns_dns_request_duration_seconds_bucket{${sel}}[5m]))\n) > 4`,
    },
    {
      name: 'down',
      alert: 'CoreDNSNoInstanceUp',
      severity: 'critical',
      for: '15m',
      watches: 'no CoreDNS target up, or none scraped at all (up)',
      summary: 'CoreDNS has disappeared from Prometheus target discovery or is down.',
      description: 'No CoreDNS instance has been up for 15 minutes.',
      expr: (sel) => `absent(up{${sel}} == 1)`,
    },
    {
      name: 'panics',
      alert: 'CoreDNSPanics',
      severity: 'critical',
      watches: 'any panic in the last 5 minutes (coredns_panics_total)',
      summary: 'CoreDNS panicked.',
      description: 'CoreDNS pod {{ $labels.pod }} recorded {{ $value }} panics in the last 5 minutes.',
      expr: (sel) => `increase(coredns_panics_total{${sel}}[5m]) > 0`,
    },
    {
      name: 'forward-errors',
      alert: 'CoreDNSForwardErrorsHigh',
      severity: 'critical',
      for: '10m',
      watches: 'share of SERVFAIL answers from upstream resolvers > 3 % (coredns_proxy_request_duration_seconds)',
      summary: 'Upstream resolvers return SERVFAIL for more than 3% of forwarded requests.',
      description: 'Forwarded requests to {{ $labels.to }} end in SERVFAIL {{ $value | humanizePercentage }} of the time.',
      // Per upstream (`to` kept), so one bad resolver is not averaged away.
      expr: (sel) => `${servfailRatio('coredns_proxy_request_duration_seconds_count', sel, 'instance, pod, rcode', ',proxy_name="forward"')}\n  > 0.03`,
    },
    {
      name: 'forward-latency',
      alert: 'CoreDNSForwardLatencyHigh',
      severity: 'critical',
      for: '10m',
      watches: 'p99 latency to upstream resolvers > 4 s (coredns_proxy_request_duration_seconds)',
      summary: 'Upstream resolvers answer slowly.',
      description: 'p99 latency of forwarded requests to {{ $labels.to }} is {{ $value | humanizeDuration }}.',
      expr: (sel) => `histogram_quantile(0.99,\n  sum without (instance, pod, rcode) (rate(coredns_proxy_request_duration_seconds_bucket{${sel},proxy_name="forward"}[5m]))\n) > 4`,
    },
    {
      name: 'forward-healthcheck-failures',
      alert: 'CoreDNSForwardHealthcheckFailureCount',
      severity: 'warning',
      for: '2m',
      watches: 'failed health checks of upstream resolvers (coredns_proxy_healthcheck_failures_total)',
      summary: 'CoreDNS health checks of an upstream resolver fail.',
      description: 'Health checks of upstream {{ $labels.to }} fail.',
      expr: (sel) => `sum without (instance, pod) (rate(coredns_proxy_healthcheck_failures_total{${sel}}[5m])) > 0`,
    },
    {
      name: 'forward-healthcheck-broken',
      alert: 'CoreDNSForwardHealthcheckBrokenCount',
      severity: 'warning',
      for: '2m',
      watches: 'all upstream resolvers unhealthy at once (coredns_forward_healthcheck_broken_total)',
      summary: 'Every upstream resolver of CoreDNS is unhealthy.',
      description: 'CoreDNS marked all upstreams down and forwards to random ones.',
      expr: (sel) => `sum without (instance, pod) (rate(coredns_forward_healthcheck_broken_total{${sel}}[5m])) > 0`,
    },
    {
      name: 'forward-max-concurrent-rejects',
      alert: 'CoreDNSForwardMaxConcurrentRejects',
      severity: 'warning',
      for: '5m',
      watches: "requests refused at the forward plugin's max_concurrent limit (coredns_forward_max_concurrent_rejects_total)",
      summary: 'CoreDNS refuses forwarded requests at its concurrency limit.',
      description: 'CoreDNS pod {{ $labels.pod }} rejects forwarded requests because max_concurrent is reached.',
      expr: (sel) => `sum without (instance, pod) (rate(coredns_forward_max_concurrent_rejects_total{${sel}}[5m])) > 0`,
    },
  ] satisfies Array<Omit<AlertPreset, 'build'>>
).map(withBuild);

/** The default group presets go into (the model's DEFAULT_ALERT_GROUP). */
const PRESET_GROUP = 'coredns';

function withBuild(preset: Omit<AlertPreset, 'build'>): AlertPreset {
  const complete: AlertPreset = {
    ...preset,
    build: (selector) => ({
      alert: preset.alert,
      expr: preset.expr(selector),
      ...(preset.for !== undefined ? { for: preset.for } : {}),
      severity: preset.severity,
      summary: preset.summary,
      description: preset.description,
      runbookUrl: presetRunbook(complete),
      group: PRESET_GROUP,
      preset: preset.name,
    }),
  };
  return complete;
}

/** Looks a preset up by name. */
export function findPreset(name: string): AlertPreset | undefined {
  return ALERT_PRESETS.find((preset) => preset.name === name);
}

/**
 * The catalogue as `platform-gitops alert --list` prints it: a header, then one row per preset
 * with its name, the alert it adds, its severity, and what it watches (metric in parentheses).
 */
export function formatCatalogue(): string {
  const header = { name: 'PRESET', alert: 'ALERT', severity: 'SEVERITY', watches: 'WATCHES (METRIC)' };
  const rows = [header, ...ALERT_PRESETS];
  const width = Math.max(...rows.map((row) => row.name.length));
  const alertWidth = Math.max(...rows.map((row) => row.alert.length));
  const severityWidth = Math.max(...rows.map((row) => row.severity.length));
  return rows.map((row) => `${row.name.padEnd(width)}  ${row.alert.padEnd(alertWidth)}  ${row.severity.padEnd(severityWidth)}  ${row.watches}`).join('\n');
}
