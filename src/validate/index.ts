export * from './finding.js';
export * from './validate-repo.js';
export * from './format-report.js';
export * from './validate-command.js';
export { expandVariables, substituteResource, substitutionDisabled, SubstitutionError } from './substitute/index.js';
export { helmMerge, objectId, type HelmReleaseSummary, type RenderedObject } from './checks/index.js';
export * from './charts/index.js';
export * from './schemas/index.js';
