export * from './coredns-alert-rules.js';
export * from './coredns-plan.js';
export * from './coredns-cluster-removal.js';
export * from './coredns-corefile.js';
export * from './coredns-values.js';
export * from './coredns-monitoring.js';
