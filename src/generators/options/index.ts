export * from './option-table.js';
export * from './coredns-options.js';
export * from './ci-options.js';
