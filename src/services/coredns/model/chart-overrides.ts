import type { ValuesShape } from '../../../model/charts/chart-profile.js';
import { findChartProfile } from '../../../model/charts/coredns-chart-profile.js';
import type { IssueCollector } from '../../../model/input-error.js';
import { isMap } from '../../../private/is-map.js';

/**
 * Value paths the shared HelmRelease sets in `spec.values`. helm-controller merges `spec.values`
 * over `valuesFrom`, so a per-cluster override under one of these would be silently lost.
 * A test checks this list against the rendered helmrelease.yaml.
 */
export const SHARED_VALUE_PATHS = [
  'replicaCount',
  'k8sAppLabelOverride',
  'priorityClassName',
  'service.name',
  'service.clusterIP',
  'topologySpreadConstraints',
  'podDisruptionBudget',
  'resources',
  'podSecurityContext',
  'securityContext',
  'livenessProbe',
  'readinessProbe',
  'prometheus.service.enabled',
  'prometheus.monitor',
] as const;

/**
 * Checks chart value overrides (`values` of defaults or a cluster) against the keys the pinned
 * chart version reads, and against the keys the shared HelmRelease owns.
 */
export function checkChartOverrides(values: Record<string, unknown>, at: string, chartVersion: string, issues: IssueCollector): void {
  const profile = findChartProfile('coredns', chartVersion);
  const walk = (value: unknown, shape: ValuesShape | undefined, path: string[]): void => {
    const dotted = path.join('.');
    const where = `${at}.${dotted}`;
    const shared = SHARED_VALUE_PATHS.find((owned) => owned === dotted || dotted.startsWith(`${owned}.`));
    if (shared) {
      issues.add(
        'values-shared-key',
        where,
        `is set by the shared HelmRelease (spec.values.${shared}), which wins over per-cluster valuesFrom`,
        `remove it; change ${shared} for every cluster in the HelmRelease template instead`,
      );
      return;
    }
    if (!profile || shape === 'map') return;
    if (shape === undefined) {
      issues.add('values-key-unknown', where, `is not a value coredns chart ${chartVersion} reads`, "check the key against the chart's values.yaml (or remove it)");
    } else if (shape === 'list') {
      if (!Array.isArray(value)) issues.add('values-type-mismatch', where, 'is a list in the chart', 'write a list');
    } else if (shape === 'leaf') {
      if (isMap(value) || Array.isArray(value)) issues.add('values-type-mismatch', where, 'is a single value in the chart', 'write a string, number or boolean');
    } else if (!isMap(value)) {
      issues.add('values-type-mismatch', where, 'is a map in the chart', `write a map with keys such as ${Object.keys(shape).slice(0, 3).join(', ')}`);
    } else {
      for (const [key, child] of Object.entries(value)) walk(child, shape[key], [...path, key]);
    }
  };
  for (const [key, child] of Object.entries(values)) {
    walk(child, profile && typeof profile.shape === 'object' ? profile.shape[key] : undefined, [key]);
  }
}
