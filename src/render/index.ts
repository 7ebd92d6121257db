export * from './yaml-text.js';
export * from './template-renderer.js';
