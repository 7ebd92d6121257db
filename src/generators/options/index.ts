export * from './register-options.js';
export * from './coredns-options.js';
export * from './ci-options.js';
export * from './cluster-generator-options.js';
export * from './alert-generator-options.js';
export * from './table-prompts.js';
