export * from './coredns-chart-profile.js';
export * from './chart-checks.js';
