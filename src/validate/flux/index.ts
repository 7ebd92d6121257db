export * from './kustomization-overlay.js';
