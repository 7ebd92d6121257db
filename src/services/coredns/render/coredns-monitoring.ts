import type { CoreDnsConfig } from '../model/coredns-config.js';
import { coreDnsRuleGroups } from './coredns-alert-rules.js';

/** ServiceMonitor and PrometheusRule sit in a Flux Kustomization of their own. */
export const MONITORING_FOLDER = 'coredns-monitoring';
export const MONITORING_KUSTOMIZATION = 'coredns-monitoring';

/** Each monitoring file and its template data, by file name. */
export function monitoringFiles(config: CoreDnsConfig): Array<[string, object]> {
  const labels = config.settings.monitoring.labels;
  return [
    ['servicemonitor.yaml', { labels }],
    ['prometheusrule.yaml', { labels, groups: coreDnsRuleGroups(config) }],
    ['kustomization.yaml', { resources: ['servicemonitor.yaml', 'prometheusrule.yaml'] }],
    // It waits for DNS (the metrics Service) and for whatever provides the monitoring CRDs.
    ['ks.yaml', { dependsOn: ['coredns', ...config.settings.monitoring.dependsOn] }],
  ];
}
