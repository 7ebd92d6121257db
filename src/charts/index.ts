export * from './chart-cache.js';
