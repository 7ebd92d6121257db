export * from './engine.js';
export * from './engine-binary.js';
export * from './engine-error.js';
export * from './protocol.js';
