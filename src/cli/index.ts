export * from './main.js';
export * from './run-generator.js';
