export * from './diff/index.js';
export * from './graph/index.js';
