export * from './coredns-config.js';
export * from './coredns-settings-schema.js';
export * from './coredns-settings.js';
export * from './chart-overrides.js';
export * from './coredns-alerts-config.js';
export * from './coredns-warnings.js';
