export * from './object-checks.js';
