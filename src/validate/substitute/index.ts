export * from './flux-substitute.js';
