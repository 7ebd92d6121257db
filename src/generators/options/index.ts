export * from './register-options.js';
export * from './coredns-options.js';
export * from './ci-options.js';
