export * from './flux-schemas.js';
