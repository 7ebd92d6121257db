import { type AppPlan, type PlannedFile, type TreeReader, helmAppFolderFiles, planHelmApp } from '../../kit/index.js';
import { METRICS_SERVER_CHART } from './metrics-server-chart.js';
import type { MetricsServerConfig } from './metrics-server-config.js';

/** Where its templates are: templates/metrics-server/<output path>.ejs. */
const TEMPLATES = 'metrics-server';
const GROUP = 'observability';

/** The owned files under kubernetes/infrastructure/observability/metrics-server/. */
export function metricsServerFiles(config: MetricsServerConfig): PlannedFile[] {
  return helmAppFolderFiles({
    name: 'metrics-server',
    namespace: 'kube-system',
    group: GROUP,
    chart: { chart: METRICS_SERVER_CHART.chart, version: config.chartVersion, repositoryUrl: METRICS_SERVER_CHART.repositoryUrl },
    templates: TEMPLATES,
    release: {},
    dependsOn: config.dependsOn,
  });
}

/** Every file metrics-server needs: its folder, the parent kustomizations, each cluster's replicas. */
export function planMetricsServer(config: MetricsServerConfig, reader: TreeReader): AppPlan {
  return planHelmApp(
    {
      group: GROUP,
      folders: ['metrics-server'],
      files: metricsServerFiles(config),
      clusters: config.clusters.map((cluster) => ({ name: cluster.name, settings: { METRICS_SERVER_REPLICAS: String(cluster.replicas) } })),
    },
    reader,
  );
}
