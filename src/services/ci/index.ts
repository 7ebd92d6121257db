export * from './ci-config.js';
export * from './ci-plan.js';
export * from './ci-service.js';
