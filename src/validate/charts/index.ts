export * from './chart-checks.js';
