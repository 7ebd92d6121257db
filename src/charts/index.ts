export * from './chart-cache.js';
export * from './chart-pull.js';
