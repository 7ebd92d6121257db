export * from './kustomize-builder.js';
