import type { Finding } from '../../finding.js';
import type { ClusterIndex } from '../cluster-context.js';
import type { ResolvedRelease } from '../helm-release-checks.js';
import { objectId } from '../../objects/index.js';
import { type ClusterPools, clusterPools } from './cluster-pools.js';
import { checkPdbDrain } from './pdb-drain-check.js';
import { checkPodSecurity } from './pod-security-check.js';
import { checkProbes } from './probes-check.js';
import { type RenderedRelease, renderedId, namespaceIn } from './rendered-release.js';
import { checkResources } from './resources-check.js';
import { securitySummary } from './security-summary.js';
import { checkPdbSelectors, checkServiceMonitorSelects, checkServiceSelectors, checkSpreadSelectors } from './selector-checks.js';
import { type MonitorAt, type RuleSource, checkServiceMonitorJobs } from './service-monitor-job-check.js';
import type { Obj } from './private/shape.js';
import { isMap } from '../../objects/kube-objects.js';

/** The objects Helm rendered, per HelmRelease (`HelmRelease/<namespace>/<name>`). */
export type HelmRendered = ReadonlyMap<string, readonly Readonly<Record<string, unknown>>[]>;

/** Checks that look at one release's rendered objects against the cluster's pods and Services. */
const RELEASE_CHECKS: ReadonlyArray<(release: RenderedRelease, pools: ClusterPools) => void> = [
  checkResources,
  checkProbes,
  checkServiceSelectors,
  checkPdbSelectors,
  checkSpreadSelectors,
  checkPdbDrain,
];

const isMonitor = (o: Obj) => o.kind === 'ServiceMonitor' && String(o.apiVersion).startsWith('monitoring.coreos.com/');
const isRule = (o: Obj) => o.kind === 'PrometheusRule' && String(o.apiVersion).startsWith('monitoring.coreos.com/');

/**
 * Runs the workload checks on what Helm rendered for each HelmRelease of the cluster. Findings
 * about a rendered object name the object and its path, are filed against the HelmRelease's file
 * and say which release rendered them. Returns each rendered release's security summary line.
 */
export function checkHelmRendered(index: ClusterIndex, releases: readonly ResolvedRelease[], rendered: HelmRendered): Map<string, string> {
  const withObjects = releases.flatMap((resolved) => {
    // Rendered documents are untrusted: anything but a map (an empty document, a list) is not an object.
    const objects = rendered.get(objectId(resolved.object))?.filter((o): o is Obj => isMap(o));
    return objects ? [{ resolved, objects }] : [];
  });
  const plain = index.objects.map((entry) => entry.object as Obj);
  const pools = clusterPools([{ objects: plain, namespace: 'default' }, ...withObjects.map(({ resolved, objects }) => ({ objects, namespace: resolved.targetNamespace }))]);

  const monitors: Array<MonitorAt & { readonly check: () => void }> = [];
  const addMonitor = (object: Obj, namespace: string, report: (code: string, path: string, message: string, fix: string) => void) =>
    monitors.push({ object, namespace, id: renderedId(object, namespace), check: () => checkServiceMonitorSelects(object, namespace, pools, report) });
  const rules: RuleSource[] = index.objects
    .filter((entry) => isRule(entry.object))
    .map((entry) => ({ object: entry.object, report: (code, severity, path, message, fix) => index.reporter(entry)(code, severity, path, message, fix) }));

  const releasesRendered = withObjects.map(({ resolved, objects }) => {
    const name = `${resolved.object.metadata?.namespace ?? 'default'}/${resolved.object.metadata?.name ?? '?'}`;
    const release: RenderedRelease = {
      release: name,
      chart: resolved.chart,
      namespace: resolved.targetNamespace,
      objects,
      podSecurityEnforced: (namespace) => index.podSecurityEnforced(namespace),
      report: (code, severity, object, path, message, fix) => {
        const finding: Finding = {
          code,
          severity,
          cluster: index.context.cluster,
          ...(resolved.entry.file ? { file: resolved.entry.file } : {}),
          object: renderedId(object, resolved.targetNamespace),
          path,
          message: `HelmRelease ${name} renders it: ${message}`,
          fix,
        };
        index.findings.push(finding);
      },
    };
    for (const object of objects.filter(isMonitor))
      addMonitor(object, namespaceIn(object, resolved.targetNamespace) ?? resolved.targetNamespace, (code, path, message, fix) => release.report(code, 'error', object, path, message, fix));
    return release;
  });
  // A plain ServiceMonitor may scrape a chart Helm did not render here; judge it only when every release was rendered.
  const everyReleaseRendered = withObjects.length === releases.length;
  for (const entry of index.objects.filter((e) => isMonitor(e.object))) {
    const namespace = namespaceIn(entry.object, 'default') ?? 'default';
    const report = index.reporter(entry);
    monitors.push({
      object: entry.object,
      namespace,
      id: objectId(entry.object),
      check: () => (everyReleaseRendered ? checkServiceMonitorSelects(entry.object, namespace, pools, (code, path, message, fix) => report(code, 'error', path, message, fix)) : undefined),
    });
  }

  // Pod Security first; its count of broken controls, whatever the namespace enforces, is the summary's verdict.
  const podSecurityBroken = new Map<RenderedRelease, number>();
  for (const release of releasesRendered) {
    podSecurityBroken.set(release, checkPodSecurity(release));
    for (const check of RELEASE_CHECKS) check(release, pools);
  }
  for (const monitor of monitors) monitor.check();
  for (const release of releasesRendered) checkServiceMonitorJobs(release, pools, monitors, rules);
  return new Map(releasesRendered.map((release) => [release.release, securitySummary(release, podSecurityBroken.get(release) ?? 0)]));
}
