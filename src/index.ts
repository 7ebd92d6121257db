export * from './model/index.js';
export * from './alerts/index.js';
export * from './render/index.js';
export * from './edit/index.js';
export * from './workspace/index.js';
export * from './services/index.js';
export * from './validate/index.js';
export * from './review/index.js';
