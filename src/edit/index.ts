export * from './config-map-data.js';
export * from './kustomization-resources.js';
export * from './flux-objects.js';
export * from './renovate-config.js';
