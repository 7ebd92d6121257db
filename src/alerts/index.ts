export * from './promql-check.js';
export * from './alert-catalogue.js';
export { REMOVED_METRICS, isExportedMetric } from './private/coredns-metrics.js';
export * from './flux-substitution.js';
