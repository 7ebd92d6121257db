import type { ChartProfile } from '../../model/index.js';
import { registerChartChecks } from '../../validate/charts/chart-checks.js';
import type { ProfiledRelease } from '../../validate/checks/helm-release-checks.js';
import { METRICS_SERVER_CHART } from './metrics-server-chart.js';

/** What the checks read of the chart's values.yaml (test/fixtures/charts/metrics-server/3.13.1). */
const PROFILE: ChartProfile = {
  chart: METRICS_SERVER_CHART.chart,
  versions: [METRICS_SERVER_CHART.defaultVersion],
  shape: 'map',
  defaults: { replicas: 1, podDisruptionBudget: { enabled: false, minAvailable: null, maxUnavailable: null } },
};

/** replicas after Flux's substitution: a whole number; more than one needs the PDB to let a node drain. */
function checkMetricsServerReplicas({ merged, report }: ProfiledRelease): void {
  const replicas = merged.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1) {
    report(
      'replicas-invalid',
      'error',
      'spec.values.replicas',
      `replicas is ${JSON.stringify(replicas)} after substitution, not a whole number >= 1`,
      'set METRICS_SERVER_REPLICAS in cluster-settings to a whole number, e.g. "1"',
    );
    return;
  }
  const pdb = merged.podDisruptionBudget as { enabled?: unknown; minAvailable?: unknown } | undefined;
  if (pdb?.enabled === true && typeof pdb.minAvailable === 'number' && pdb.minAvailable >= replicas) {
    report(
      'pdb-blocks-drain',
      'warning',
      'spec.values.podDisruptionBudget.minAvailable',
      `minAvailable ${pdb.minAvailable} with ${replicas} replica(s) blocks every node drain`,
      'run more replicas than minAvailable, or lower it',
    );
  }
}

/** metrics-server's per-chart checks, for validate. */
export function registerMetricsServerChecks(): void {
  registerChartChecks({ chart: METRICS_SERVER_CHART.chart, profiles: [PROFILE], keyHints: {}, checks: [checkMetricsServerReplicas] });
}
