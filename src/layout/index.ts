export * from '../model/layout-answers.js';
export * from './layout.js';
export * from './detect-layout.js';
export * from './find-coredns-releases.js';
export * from './repo-objects.js';
export * from './layout-options.js';
export * from './coredns-layout-plan.js';
export * from './layout-changes.js';
