export * from './promql-check.js';
export { REMOVED_METRICS, isExportedMetric } from './private/coredns-metrics.js';
export * from './flux-substitution.js';
