export * from './finding.js';
// validateEntries stays internal (diff's): it takes discovery's entries.
export { type ClusterReport, type ValidateOptions, type ValidationReport, validateRepo } from './validate-repo.js';
export * from './format-report.js';
export * from './validate-command.js';
export type { HelmReleaseSummary } from './checks/helm-release-summary.js';
export * from './objects/index.js';
export * from './charts/index.js';
export * from './schemas/index.js';
export type { HelmRenderOptions } from './helm/render-helm-releases.js';
