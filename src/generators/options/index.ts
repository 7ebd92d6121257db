export * from './register-options.js';
export * from './cluster-generator-options.js';
export * from './alert-generator-options.js';
export * from './table-prompts.js';
export * from '../../services/coredns/coredns-options.js';
export * from '../../services/ci/ci-options.js';
