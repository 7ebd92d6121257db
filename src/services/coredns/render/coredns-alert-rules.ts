import { COREDNS_RUNBOOK_URL } from '../../../model/upstream.js';
import { DEFAULT_ALERT_GROUP, type CustomRule } from '../model/coredns-alerts-config.js';
import { type CoreDnsConfig } from '../model/coredns-config.js';

/** Upstream runbooks (coredns-mixin); each story alert links the closest upstream one. */
const RUNBOOK = COREDNS_RUNBOOK_URL;

/** A Prometheus alerting rule, keys in the order they are written. */
export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary?: string; description?: string; runbook_url?: string };
}

export interface RuleGroup {
  name: string;
  rules: AlertingRule[];
}

/** `{job="...",namespace="kube-system"}`: matches what the chart's ServiceMonitor scrapes. */
export function metricsSelector(config: CoreDnsConfig, extra = ''): string {
  return `{job=${JSON.stringify(config.alerts.job)},namespace="kube-system"${extra}}`;
}

/**
 * The story's four alerts with the semantics fixed (see docs/decisions.md): the job label the
 * generated ServiceMonitor produces, an error ratio instead of a per-series rate, a p99 over the
 * service instead of per pod, and Absent/Down split so that together they equal the upstream
 * `absent(up == 1)`.
 */
export function coreDnsDefaultRules(config: CoreDnsConfig): AlertingRule[] {
  const { alerts } = config;
  const sel = metricsSelector(config);
  const servfail = metricsSelector(config, ',rcode="SERVFAIL"');
  const percent = formatPercent(alerts.errorRatio.threshold);
  return [
    {
      alert: 'CoreDNSAbsent',
      expr: `absent(up${sel})`,
      for: alerts.absent.for,
      labels: { severity: alerts.absent.severity },
      annotations: {
        summary: 'CoreDNS has no scrape target.',
        description: `No CoreDNS target with job ${alerts.job} has been discovered for ${alerts.absent.for}: the metrics Service, its ServiceMonitor or the pods are gone, or Prometheus does not select the ServiceMonitor.`,
        runbook_url: `${RUNBOOK}corednsdown`,
      },
    },
    {
      alert: 'CoreDNSDown',
      expr: `sum(up${sel}) == 0`,
      for: alerts.down.for,
      labels: { severity: alerts.down.severity },
      annotations: {
        summary: 'CoreDNS is down.',
        description: `Every CoreDNS target with job ${alerts.job} has failed its scrape for ${alerts.down.for}; cluster DNS is likely failing.`,
        runbook_url: `${RUNBOOK}corednsdown`,
      },
    },
    {
      alert: 'CoreDNSHighErrorRate',
      expr: [
        `sum without (instance, pod, server, zone, view, rcode, plugin) (rate(coredns_dns_responses_total${servfail}[5m]))`,
        '  /',
        `sum without (instance, pod, server, zone, view, rcode, plugin) (rate(coredns_dns_responses_total${sel}[5m]))`,
        `  > ${alerts.errorRatio.threshold}`,
      ].join('\n'),
      for: alerts.errorRatio.for,
      labels: { severity: alerts.errorRatio.severity },
      annotations: {
        summary: 'CoreDNS is answering too many requests with SERVFAIL.',
        description: `{{ $value | humanizePercentage }} of CoreDNS responses are SERVFAIL (threshold ${percent}) for ${alerts.errorRatio.for}.`,
        runbook_url: `${RUNBOOK}corednserrorshigh`,
      },
    },
    {
      alert: 'CoreDNSLatencyHigh',
      expr: ['histogram_quantile(0.99,', `  sum without (instance, pod) (rate(coredns_dns_request_duration_seconds_bucket${sel}[5m]))`, `) > ${alerts.latency.p99Seconds}`].join('\n'),
      for: alerts.latency.for,
      labels: { severity: alerts.latency.severity },
      annotations: {
        summary: 'CoreDNS p99 latency is high.',
        description: `CoreDNS p99 request latency for server {{ $labels.server }} zone {{ $labels.zone }} is {{ $value | humanizeDuration }} (threshold ${alerts.latency.p99Seconds}s) for ${alerts.latency.for}.`,
        runbook_url: `${RUNBOOK}corednslatencyhigh`,
      },
    },
  ];
}

/** A custom rule as written, optional keys left out. */
export function toAlertingRule(rule: CustomRule): AlertingRule {
  const annotations: AlertingRule['annotations'] = {};
  if (rule.summary !== undefined) annotations.summary = rule.summary;
  if (rule.description !== undefined) annotations.description = rule.description;
  if (rule.runbookUrl !== undefined) annotations.runbook_url = rule.runbookUrl;
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for !== undefined ? { for: rule.for } : {}),
    labels: { severity: rule.severity },
    annotations,
  };
}

/** The `coredns` group first (defaults, then custom rules placed there), then other groups by name. */
export function coreDnsRuleGroups(config: CoreDnsConfig): RuleGroup[] {
  const groups = new Map<string, AlertingRule[]>([[DEFAULT_ALERT_GROUP, coreDnsDefaultRules(config)]]);
  for (const rule of config.alerts.rules) {
    const list = groups.get(rule.group) ?? [];
    list.push(toAlertingRule(rule));
    groups.set(rule.group, list);
  }
  const [first, ...rest] = [...groups.entries()];
  rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [first!, ...rest].map(([name, rules]) => ({ name, rules }));
}

function formatPercent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))}%`;
}
