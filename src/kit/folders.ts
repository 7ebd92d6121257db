/** Where a Flux platform app lives in the repository (the infrastructure layout). */
export const GITOPS_ROOT = 'kubernetes';
export const INFRASTRUCTURE_DIR = `${GITOPS_ROOT}/infrastructure`;
export const CLUSTERS_DIR = `${GITOPS_ROOT}/clusters`;
/** The ConfigMap each cluster's Flux Kustomizations substitute from. */
export const CLUSTER_SETTINGS_NAME = 'cluster-settings';

export function clusterDir(cluster: string): string {
  return `${CLUSTERS_DIR}/${cluster}`;
}

/** The folder of a group of apps (networking, observability) under kubernetes/infrastructure. */
export function groupDir(group: string): string {
  return `${INFRASTRUCTURE_DIR}/${group}`;
}

export function infrastructureKustomizationName(cluster: string): string {
  return `cluster-${cluster}-infrastructure`;
}
