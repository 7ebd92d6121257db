import { type GivenValues, COMMON_OPTIONS, type PromptedTable } from '../../options/index.js';
import { type MetricsServerAnswers, metricsServerAnswers } from './metrics-server-config.js';
import { METRICS_SERVER_CHART } from './metrics-server-chart.js';

/** `platform:metrics-server` / `platform-gitops metrics-server`: every prompt has one of these. */
export const METRICS_SERVER_OPTIONS = {
  'chart-version': {
    type: 'string',
    description: `metrics-server chart version (default: the stored one, or ${METRICS_SERVER_CHART.defaultVersion})`,
    prompt: { type: 'input', message: 'metrics-server chart version', default: METRICS_SERVER_CHART.defaultVersion },
  },
  replicas: {
    type: 'string',
    description: 'Replicas per cluster, e.g. infra=1,apps=2 (a cluster not named keeps its stored count, or 1)',
    prompt: { type: 'input', message: 'Replicas per cluster (cluster=count, comma-separated; empty keeps them)' },
  },
  'depends-on': {
    type: 'string',
    description: 'Flux Kustomizations to wait for, comma-separated',
  },
  interactive: COMMON_OPTIONS.interactive,
  force: COMMON_OPTIONS.force,
  'dry-run': COMMON_OPTIONS['dry-run'],
} as const satisfies PromptedTable;

/** `infra=1,apps=2` as counts by cluster; a count that is no number stays text, for resolve to name. */
function parseReplicaList(text: string): Record<string, number | string> {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [name = '', count = ''] = part.split('=', 2).map((side) => side.trim());
      return [name, /^\d+$/.test(count) ? Number(count) : count] as const;
    });
  return Object.fromEntries(entries);
}

/** The answers: the stored ones, with what was given over them. */
export function gatherMetricsServerAnswers(stored: unknown, given: GivenValues): MetricsServerAnswers {
  const answers: MetricsServerAnswers = structuredClone(metricsServerAnswers(stored) ?? {});
  const { chartVersion, replicas, dependsOn } = given;
  if (typeof chartVersion === 'string' && chartVersion.trim() !== '') answers.chartVersion = chartVersion.trim();
  if (typeof replicas === 'string') answers.replicas = { ...answers.replicas, ...parseReplicaList(replicas) };
  if (typeof dependsOn === 'string')
    answers.dependsOn = dependsOn
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
  return answers;
}
