// chart-checks.ts is imported by path: its types reach the typed objects (types-only devDependencies),
// which must stay out of the package's public declarations.
export * from './helm-merge.js';
