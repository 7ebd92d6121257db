export * from './metrics-server-chart.js';
export * from './metrics-server-config.js';
export * from './metrics-server-plan.js';
export * from './metrics-server-service.js';
export * from './metrics-server-options.js';
