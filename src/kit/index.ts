export * from './planned-file.js';
export * from './folders.js';
export * from './app-templates.js';
export * from './parent-kustomizations.js';
export * from './cluster-entry.js';
export * from './helm-app.js';
export * from './plan-overlay.js';
export * from './helm-app-folder.js';
