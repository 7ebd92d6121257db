export { checkCluster } from './check-cluster.js';
export { objectId, type HelmReleaseSummary, type RenderedObject } from './cluster-context.js';
export { helmMerge } from './chart-values-checks.js';
