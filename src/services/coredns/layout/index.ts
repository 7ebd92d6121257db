export * from './find-coredns-releases.js';
export * from './layout-options.js';
export * from './coredns-layout-plan.js';
export * from './layout-changes.js';
