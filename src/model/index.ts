export * from './input-error.js';
export * from './network.js';
export * from './chart-catalog.js';
export * from './coredns-config.js';
export * from './repository.js';
export * from './coredns-warnings.js';
