import type { PlatformService } from '../platform-service.js';
import { type MetricsServerConfig, metricsServerFollowClusters, resolveMetricsServerConfig, toStoredMetricsServer } from './metrics-server-config.js';
import { registerMetricsServerChecks } from './metrics-server-checks.js';
import { METRICS_SERVER_OPTIONS, gatherMetricsServerAnswers } from './metrics-server-options.js';
import { metricsServerFiles, planMetricsServer } from './metrics-server-plan.js';

/** metrics-server: the resource metrics API (kubectl top, HPA), one HelmRelease for every cluster. */
export const METRICS_SERVER_SERVICE: PlatformService<MetricsServerConfig> = {
  name: 'metrics-server',
  summary: 'Write the metrics-server GitOps setup (same as yo platform:metrics-server)',
  resolve: (answers, repository) => resolveMetricsServerConfig(answers, repository),
  toStored: (config) => toStoredMetricsServer(config),
  plan: (config, reader) => planMetricsServer(config, reader),
  ownedFiles: (config) => metricsServerFiles(config),
  followClusters: (stored, change) => metricsServerFollowClusters(stored, change),
  registerChartChecks: registerMetricsServerChecks,
  frontDoor: {
    does: 'write metrics-server (kubectl top, autoscaling metrics) for every cluster (--replicas infra=1,apps=2)',
    table: METRICS_SERVER_OPTIONS,
    gather: gatherMetricsServerAnswers,
  },
};
