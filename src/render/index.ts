export * from './yaml-text.js';
export * from './template-renderer.js';
export * from './coredns-alert-rules.js';
export * from './coredns-plan.js';
export * from './coredns-cluster-removal.js';
export * from './coredns-layout-plan.js';
