import type { FindingSeverity } from '../../finding.js';
import type { ClusterPools, ServiceAt } from './cluster-pools.js';
import type { RenderedRelease } from './rendered-release.js';
import { monitoredServices } from './selector-checks.js';
import { type LabelMatcher, vectorSelectors } from './private/promql-selectors.js';
import { type Obj, mapOf, mapsOf } from './private/shape.js';

/** A ServiceMonitor of the cluster (plain, or rendered by any release). */
export interface MonitorAt {
  readonly object: Obj;
  readonly namespace: string;
  /** `ServiceMonitor/namespace/name`. */
  readonly id: string;
}

/** A PrometheusRule of the cluster, with where its findings go. */
export interface RuleSource {
  readonly object: Obj;
  readonly report: (code: string, severity: FindingSeverity, path: string, message: string, fix: string) => void;
}

/** The `job` Prometheus gives a Service's targets: the value of its jobLabel label, else the Service's name. */
function jobOf(monitor: Obj, service: ServiceAt): string {
  const jobLabel = mapOf(monitor.spec).jobLabel;
  const fromLabel = typeof jobLabel === 'string' && jobLabel ? service.labels[jobLabel] : undefined;
  return fromLabel || service.name;
}

/** Whether a job matcher (`=` or `=~`, anchored as Prometheus anchors it) accepts `job`. */
function accepts(matcher: LabelMatcher, job: string): boolean | undefined {
  if (matcher.op === '=') return matcher.value === job;
  if (matcher.op !== '=~') return undefined;
  try {
    return new RegExp(`^(?:${matcher.value})$`).test(job);
  } catch {
    return undefined; // Prometheus' RE2 syntax JavaScript cannot read: not judged.
  }
}

/**
 * The job the ServiceMonitors scraping this release's Services produce must be the job the
 * cluster's PrometheusRules for the app select, or those alerts never fire. A PrometheusRule is
 * the app's when one of its expressions selects a `<chart>_*` metric; in it, selectors of
 * `<chart>_*` metrics and of `up` with a `job` matcher are compared.
 */
export function checkServiceMonitorJobs(release: RenderedRelease, pools: ClusterPools, monitors: readonly MonitorAt[], rules: readonly RuleSource[]): void {
  const own = new Set(release.objects);
  const jobs = new Map<string, { monitor: string; service: ServiceAt }>();
  for (const monitor of monitors)
    for (const service of monitoredServices(monitor.object, monitor.namespace, pools)) if (own.has(service.object)) jobs.set(jobOf(monitor.object, service), { monitor: monitor.id, service });
  if (jobs.size === 0) return;
  const namespaces = new Set([...jobs.values()].map(({ service }) => service.namespace));
  const prefix = `${release.chart.replace(/-/g, '_')}_`;
  const [job, first] = [...jobs.entries()][0]!;
  for (const rule of rules) {
    const entries = mapsOf(mapOf(rule.object.spec).groups).flatMap((group, g) =>
      mapsOf(group.rules).flatMap((entry, r) =>
        typeof entry.expr === 'string' ? [{ expr: entry.expr, name: String(entry.alert ?? entry.record), path: `spec.groups[${g}].rules[${r}].expr`, selectors: vectorSelectors(entry.expr) }] : [],
      ),
    );
    if (!entries.some(({ selectors }) => selectors.some((s) => s.metric?.startsWith(prefix)))) continue;
    for (const { name, path, selectors } of entries) {
      const wrong = selectors
        .filter((s) => s.metric?.startsWith(prefix) || s.metric === 'up')
        // A selector pinned to another namespace is about another instance of the app.
        .filter((s) => !s.matchers.some((m) => m.label === 'namespace' && m.op === '=' && !namespaces.has(m.value)))
        .flatMap((s) => s.matchers.filter((m) => m.label === 'job'))
        .find((m) => {
          const verdicts = [...jobs.keys()].map((j) => accepts(m, j));
          return verdicts.every((v) => v === false);
        });
      if (!wrong) continue;
      rule.report(
        'workload-servicemonitor-job-mismatch',
        'error',
        path,
        `${name} selects job${wrong.op}"${wrong.value}", but HelmRelease ${release.release} is scraped as job="${job}" (${first.monitor} over Service ${first.service.namespace}/${first.service.name}${
          jobs.size > 1 ? `; also ${[...jobs.keys()].slice(1).join(', ')}` : ''
        }): the alert never fires`,
        `select job="${job}" in the rule, or set the ServiceMonitor's jobLabel to a Service label whose value is "${wrong.value}"`,
      );
    }
  }
}
