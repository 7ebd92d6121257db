import type { ClusterDiff, DiffReport } from './diff-repo.js';
import { printable } from './object-yaml.js';

/** `apps: 1 added, 0 removed, 2 changed` (with the cluster's own status when new or gone). */
export const clusterSummary = (c: ClusterDiff): string =>
  `${printable(c.name)}${c.status === 'changed' ? '' : ` (cluster ${c.status})`}: ${c.added.length} added, ${c.removed.length} removed, ${c.changed.length} changed`;

/** `2 clusters changed, 1 unchanged (base: merge base with main (1a2b3c4))` */
export const reportSummary = (report: DiffReport): string =>
  `${report.clusters.length} cluster${report.clusters.length === 1 ? '' : 's'} changed, ${report.unchanged.length} unchanged (base: ${printable(report.base.label)})`;
