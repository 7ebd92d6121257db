export * from './coredns-chart-profile.js';
