import { registerChartChecks } from '../../validate/charts/chart-checks.js';
import type { ProfiledRelease } from '../../validate/checks/helm-release-checks.js';
import { METRICS_SERVER_CHART } from './metrics-server-chart.js';
import { METRICS_SERVER_PROFILES } from './metrics-server-profiles.generated.js';

/** replicas after Flux's substitution: a whole number; with a PDB, more than its minAvailable so a node can drain. */
function checkMetricsServerReplicas({ merged, report }: ProfiledRelease): void {
  const { replicas, podDisruptionBudget: pdb } = merged as { replicas?: unknown; podDisruptionBudget?: { enabled?: unknown; minAvailable?: unknown } };
  const count = typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 1 ? replicas : undefined;
  const [code, severity, path, message, fix] =
    count === undefined
      ? ([
          'replicas-invalid',
          'error',
          'replicas',
          `replicas is ${JSON.stringify(replicas)} after substitution, not a whole number >= 1`,
          'set METRICS_SERVER_REPLICAS in cluster-settings to a whole number, e.g. "1"',
        ] as const)
      : pdb?.enabled === true && typeof pdb.minAvailable === 'number' && pdb.minAvailable >= count
        ? ([
            'pdb-blocks-drain',
            'warning',
            'podDisruptionBudget.minAvailable',
            `minAvailable ${pdb.minAvailable} with ${count} replica(s) blocks every node drain`,
            'run more replicas than minAvailable, or lower it',
          ] as const)
        : [];
  if (code) report(code, severity, `spec.values.${path}`, message, fix);
}

/** metrics-server's per-chart checks, for validate. */
export function registerMetricsServerChecks(): void {
  registerChartChecks({ chart: METRICS_SERVER_CHART.chart, profiles: METRICS_SERVER_PROFILES, keyHints: {}, checks: [checkMetricsServerReplicas] });
}
