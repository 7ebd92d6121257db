import { chartChecksFor } from '../charts/chart-checks.js';
import type { Finding } from '../finding.js';
import { helmMerge } from '../charts/helm-merge.js';
import { type RenderedObject, objectId } from '../objects/index.js';
import { ClusterIndex, type ClusterContext, type Report } from './cluster-context.js';
import type { HelmReleaseSummary } from './helm-release-summary.js';
import { checkDependsOnCycles, checkDuplicateObjects } from './flux-graph-checks.js';
import { checkApiAndSchema, checkFluxKustomization } from './flux-object-checks.js';
import { type ResolvedRelease, checkDuplicateReleases, checkOciTagPublished, resolveHelmRelease, summarize } from './helm-release-checks.js';
import { checkClusterIpConflicts, checkServiceClusterIps } from './network-checks.js';
import { checkPromqlRules } from './prometheus-rule-checks.js';
import { type Values, isHelmRelease, namespaceOf } from '../objects/kube-objects.js';
import { checkHelmRendered } from './workloads/index.js';

/** A check of one object, on its own or against the cluster's other objects. */
type ObjectCheck = (entry: RenderedObject, index: ClusterIndex, report: Report) => void;

/** Checks every object gets, whatever chart it belongs to. */
const OBJECT_CHECKS: readonly ObjectCheck[] = [checkApiAndSchema, checkFluxKustomization, checkOciTagPublished, checkPromqlRules];

/** Runs every check on the objects a cluster applies; returns findings and the HelmRelease table. */
export function checkCluster(context: ClusterContext): { findings: Finding[]; helmReleases: HelmReleaseSummary[] } {
  const index = new ClusterIndex(context);
  for (const entry of context.objects) {
    const report = index.reporter(entry);
    for (const check of OBJECT_CHECKS) check(entry, index, report);
  }
  const releases = index.select(isHelmRelease).map((entry) => resolveHelmRelease(entry, index));
  for (const release of releases) runChartChecks(release, index, context.helmRendered?.has(objectId(release.object)) ?? false);
  checkDependsOnCycles(index);
  checkDuplicateObjects(index);
  checkDuplicateReleases(releases);
  checkClusterIpConflicts(index, releases);
  checkServiceClusterIps(index);
  const security = context.helmRendered ? checkHelmRendered(index, releases, context.helmRendered) : new Map<string, string>();
  const helmReleases = releases.map((release) => {
    const line = security.get(`${namespaceOf(release.object)}/${release.object.metadata?.name ?? '?'}`);
    return { ...summarize(release), ...(line ? { securityContext: line } : {}) };
  });
  return { findings: index.findings, helmReleases };
}

/** The checks registered for the release's chart, on its values merged over the version's profile. */
function runChartChecks(release: ResolvedRelease, index: ClusterIndex, rendered: boolean): void {
  const chart = chartChecksFor(release.chart);
  if (!chart) return;
  const profile = chart.profiles.find((p) => p.versions.includes(release.version));
  if (!profile) {
    const known = chart.profiles.flatMap((p) => p.versions);
    release.report(
      'chart-no-profile',
      'warning',
      'spec.values',
      `no profile of ${chart.chart} chart ${release.version || '(unknown version)'}; its values were not checked${chart.anyVersion?.length ? ' (but for what every version reads alike, such as service.clusterIP)' : ''}`,
      `pin a version the validator knows (${known[0]} to ${known.at(-1)}), or review the values by hand`,
    );
    // What every version reads alike is still checked, on the values as written.
    for (const check of chart.anyVersion ?? []) check({ ...release, merged: release.values }, index);
    return;
  }
  const profiled = { ...release, profile, merged: helmMerge(profile.defaults, release.values) as Values, keyHints: chart.keyHints };
  for (const check of chart.checks) if (!rendered || !chart.valuesOnly?.includes(check)) check(profiled, index);
}
