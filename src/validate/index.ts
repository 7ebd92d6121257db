export * from './finding.js';
export * from './validate-repo.js';
export * from './format-report.js';
export * from './validate-command.js';
export { expandVariables, substituteResource, substitutionDisabled, SubstitutionError } from './substitute/index.js';
export { helmMerge, objectId, type HelmReleaseSummary, type RenderedObject } from './checks/index.js';
export { COREDNS_CHART_PROFILE, findChartProfile, type ChartProfile, type ValuesShape } from './charts/index.js';
