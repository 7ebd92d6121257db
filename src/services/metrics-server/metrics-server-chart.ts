/** The metrics-server chart, as the service writes it and Renovate bumps it. */
export const METRICS_SERVER_CHART = {
  chart: 'metrics-server',
  repositoryUrl: 'https://kubernetes-sigs.github.io/metrics-server/',
  /** The version a first run writes: the newest the tests render with the real helm (test/fixtures/charts/metrics-server). */
  defaultVersion: '3.13.1',
  /** Renovate's flux manager names the package after the chart. */
  renovatePackage: 'metrics-server',
} as const;

/** The keys metrics-server owns in each cluster's cluster-settings. */
export const METRICS_SERVER_SETTING_KEYS = ['METRICS_SERVER_REPLICAS'] as const;

/** Replicas a cluster gets when no answer names it. */
export const DEFAULT_METRICS_SERVER_REPLICAS = 1;
