export * from '../model/layout-answers.js';
export * from './layout.js';
export * from './detect-layout.js';
export * from './repo-objects.js';
export * from './repository-defaults.js';
