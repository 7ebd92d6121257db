export * from './finding.js';
export * from './validate-repo.js';
export * from './format-report.js';
export * from './validate-command.js';
export { expandVariables, substituteResource, substitutionDisabled, SubstitutionError } from './private/flux-substitute.js';
export { helmMerge, type HelmReleaseSummary } from './private/object-checks.js';
export { COREDNS_CHART_PROFILE, findChartProfile, type ChartProfile, type ValuesShape } from './private/coredns-chart-profile.js';
