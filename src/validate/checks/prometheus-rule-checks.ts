import { type PromqlCheck, checkPromql as parsePromql } from '../../alerts/index.js';
import type { RenderedObject } from '../objects/index.js';
import type { ClusterIndex, Report } from './cluster-context.js';
import type { ProfiledRelease } from './helm-release-checks.js';
import { type KubeObject, type PrometheusRule, type PrometheusRuleEntry, isMap, isPrometheusRule, listOf } from '../objects/kube-objects.js';

interface RuleAt {
  readonly rule: PrometheusRuleEntry & { readonly expr: string };
  readonly path: string;
  readonly name: string;
}

/** Checked expressions: every cluster of a fleet carries the same rules. */
const checked = new Map<string, PromqlCheck>();

/** checkPromql, once per expression in a process (bounded: the cache starts over past 4096). */
function checkPromql(expr: string): PromqlCheck {
  let check = checked.get(expr);
  if (!check) {
    if (checked.size >= 4096) checked.clear();
    check = parsePromql(expr);
    checked.set(expr, check);
  }
  return check;
}

/** Every rule of a PrometheusRule with a string expression, with its path. */
function rulesOf(object: PrometheusRule): RuleAt[] {
  return listOf<{ rules?: unknown } | null>(object.spec?.groups).flatMap((group, g) =>
    listOf<PrometheusRuleEntry | null>(group?.rules).flatMap((rule, r) =>
      rule && typeof rule.expr === 'string' ? [{ rule: rule as RuleAt['rule'], path: `spec.groups[${g}].rules[${r}].expr`, name: String(rule.alert ?? rule.record) }] : [],
    ),
  );
}

/** PromQL that parses, selecting metrics that exist. */
export function checkPromqlRules(entry: RenderedObject, _index: ClusterIndex, report: Report): void {
  const object = entry.object as KubeObject;
  if (!isPrometheusRule(object)) return;
  for (const { rule, path, name } of rulesOf(object)) {
    const check = checkPromql(rule.expr);
    for (const error of check.errors) report('promql-syntax', 'error', path, `${name}: ${error.message}\n${error.caret}`, 'fix the PromQL expression');
    for (const warning of check.warnings) report('promql-unknown-metric', 'warning', path, `${name}: ${warning.message}`, warning.replacement ? `use ${warning.replacement}` : 'check the metric name');
  }
}

/** Metrics a rule's expression selects; a rule that does not parse selects none we can trust. */
const metricsOf = (expr: string): readonly string[] => {
  const check = checkPromql(expr);
  return check.errors.length > 0 ? [] : check.metrics;
};

/**
 * Alerts that select a job label CoreDNS' ServiceMonitor (the chart's, or one of our own in
 * coredns-monitoring/ over the chart's metrics Service) does not produce never fire. Only
 * PrometheusRules about CoreDNS (some rule selects a `coredns_*` metric) are looked at, and in
 * them the rules on `coredns_*` or `up`: other charts' alerts use their own jobs.
 */
export function checkCoreDnsAlertJobs(release: ProfiledRelease, index: ClusterIndex): void {
  const { merged, releaseName, targetNamespace } = release;
  const prometheus = isMap(merged.prometheus) ? merged.prometheus : {};
  const chartMonitor = isMap(prometheus.monitor) && prometheus.monitor.enabled === true;
  const ownMonitor =
    isMap(prometheus.service) &&
    prometheus.service.enabled === true &&
    index.select((object): object is KubeObject => object.kind === 'ServiceMonitor').some(({ object }) => object.metadata?.namespace === targetNamespace);
  if (!chartMonitor && !ownMonitor) return;
  const name = String(merged.nameOverride ?? 'coredns');
  const fullname = String(merged.fullnameOverride ?? (releaseName.includes(name) ? releaseName : `${releaseName}-${name}`));
  const job = `${fullname}-metrics`;
  for (const entry of index.select(isPrometheusRule)) {
    if (entry.object.metadata?.namespace !== targetNamespace) continue;
    const rules = rulesOf(entry.object).map((at) => ({ ...at, metrics: metricsOf(at.rule.expr) }));
    if (!rules.some(({ metrics }) => metrics.some((m) => m.startsWith('coredns_')))) continue;
    const report = index.reporter(entry);
    for (const { rule, path, name: alert, metrics } of rules) {
      if (!metrics.some((m) => m.startsWith('coredns_') || m === 'up')) continue;
      const wrong = [...rule.expr.matchAll(/\bjob\s*=\s*"([^"]*)"/g)].map((m) => m[1]).filter((j) => j !== job);
      if (wrong.length > 0) {
        report(
          'alert-job-mismatch',
          'warning',
          path,
          `${alert} selects job="${wrong[0]}", but the ServiceMonitor makes Prometheus label CoreDNS job="${job}"`,
          `select job="${job}" (alerts.job), unless CoreDNS is scraped some other way`,
        );
      }
    }
  }
}
