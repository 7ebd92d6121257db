import type { CoreDnsConfig } from '../model/coredns-config.js';
import { removeKustomizationResources } from '../../../edit/index.js';
import type { PlannedFile, TreeReader } from '../../../kit/index.js';
import { coreDnsRuleGroups } from './coredns-alert-rules.js';

/** ServiceMonitor and PrometheusRule sit in a Flux Kustomization of their own. */
export const MONITORING_FOLDER = 'coredns-monitoring';
export const MONITORING_KUSTOMIZATION = 'coredns-monitoring';

/** Each monitoring file and its template data, by file name; none with monitoring off. */
export function monitoringFiles(config: CoreDnsConfig): Array<[string, object]> {
  if (!config.settings.monitoring.enabled) return [];
  const labels = config.settings.monitoring.labels;
  return [
    ['servicemonitor.yaml', { labels }],
    ['prometheusrule.yaml', { labels, groups: coreDnsRuleGroups(config) }],
    ['kustomization.yaml', { resources: ['servicemonitor.yaml', 'prometheusrule.yaml'] }],
    // It waits for DNS (the metrics Service) and for whatever provides the monitoring CRDs.
    ['ks.yaml', { dependsOn: ['coredns', ...config.settings.monitoring.dependsOn] }],
  ];
}

/**
 * With monitoring off, the monitoring files an earlier run wrote in `dir` go (the writer deletes
 * only files still as written) and `listedBy` stops listing `entry`.
 */
export function monitoringRemoval(files: PlannedFile[], reader: TreeReader, dir: string, listedBy?: { readonly path: string; readonly entry: string }): void {
  for (const entry of reader.list(dir)) {
    const path = `${dir}/${entry.name}`;
    if (!entry.isDirectory && !files.some((f) => f.path === path)) files.push({ path, contents: '', role: 'removed' });
  }
  if (listedBy === undefined) return;
  const planned = files.find((f) => f.path === listedBy.path);
  const existing = planned?.contents ?? reader.read(listedBy.path);
  if (existing === undefined) return;
  const contents = removeKustomizationResources(existing, listedBy.path, [listedBy.entry]);
  if (planned) files[files.indexOf(planned)] = { ...planned, contents };
  else if (contents !== existing) files.push({ path: listedBy.path, contents, role: 'merged' });
}
