import { z } from 'zod';
import { type ClusterChange, InputError, type InputIssue, type RepositoryModel, describeSchemaIssue, parseChartVersion } from '../../model/index.js';
import { DEFAULT_METRICS_SERVER_REPLICAS, METRICS_SERVER_CHART } from './metrics-server-chart.js';

const MAX_REPLICAS = 10;

/** The answers of `platform:metrics-server`, from any front door. */
const answersSchema = z.strictObject({
  chartVersion: z.string().optional(),
  /** Replicas by cluster name; a cluster not named gets DEFAULT_METRICS_SERVER_REPLICAS. Each count is checked with the other rules. */
  replicas: z.record(z.string(), z.unknown()).optional(),
  dependsOn: z.array(z.string()).optional(),
});
export type MetricsServerAnswers = z.infer<typeof answersSchema>;

export interface MetricsServerCluster {
  readonly name: string;
  readonly replicas: number;
}

export interface MetricsServerConfig {
  readonly chartVersion: string;
  readonly clusters: readonly MetricsServerCluster[];
  readonly dependsOn: readonly string[];
}

/** A count of replicas, or undefined when `value` is none. */
function replicaCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_REPLICAS ? value : undefined;
}

/**
 * Checks the answers against the repository's clusters and fills every default.
 * @throws InputError naming every problem
 */
export function resolveMetricsServerConfig(answers: unknown, repository: RepositoryModel): MetricsServerConfig {
  const parsed = answersSchema.safeParse(answers ?? {}, { reportInput: true });
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((issue) => {
        const [code, path, message, fix] = describeSchemaIssue(issue);
        return { code, path, message, fix };
      }),
    );
  }
  const issues: InputIssue[] = [];
  const { chartVersion = METRICS_SERVER_CHART.defaultVersion, replicas = {}, dependsOn = [] } = parsed.data;
  if (parseChartVersion(chartVersion) === undefined) {
    issues.push({
      code: 'chart-version-invalid',
      path: 'chartVersion',
      message: `"${chartVersion}" is not a MAJOR.MINOR.PATCH version`,
      fix: `give a released chart version, e.g. ${METRICS_SERVER_CHART.defaultVersion}`,
    });
  }
  if (repository.clusters.length === 0) {
    issues.push({ code: 'stored-answers-missing', path: 'clusters', message: 'the repository has no clusters', fix: 'run platform-gitops coredns (or platform:cluster) first' });
  }
  const known = new Set(repository.clusters.map((cluster) => cluster.name));
  for (const [name, count] of Object.entries(replicas)) {
    if (!known.has(name)) {
      issues.push({
        code: 'option-cluster-unknown',
        path: `replicas.${name}`,
        message: `"${name}" is not a cluster of this repository (${[...known].join(', ') || 'none'})`,
        fix: 'name a cluster the repository has, or drop the entry',
      });
    }
    if (replicaCount(count) === undefined) {
      issues.push({
        code: 'replicas-invalid',
        path: `replicas.${name}`,
        message: `${JSON.stringify(count)} is not a whole number from 1 to ${MAX_REPLICAS}`,
        fix: `give 1 to ${MAX_REPLICAS} replicas`,
      });
    }
  }
  dependsOn.forEach((name, index) => {
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
      issues.push({ code: 'depends-on-invalid', path: `dependsOn[${index}]`, message: `"${name}" is not a Flux Kustomization name`, fix: 'give the name of a Flux Kustomization in flux-system' });
    }
  });
  if (issues.length > 0) throw new InputError(issues);
  return {
    chartVersion,
    clusters: repository.clusters.map(({ name }) => ({ name, replicas: replicaCount(replicas[name]) ?? DEFAULT_METRICS_SERVER_REPLICAS })),
    dependsOn,
  };
}

/** The answers .yo-rc.json keeps: every cluster's replicas, so the files never depend on a default. */
export function toStoredMetricsServer(config: MetricsServerConfig): MetricsServerAnswers {
  return {
    chartVersion: config.chartVersion,
    replicas: Object.fromEntries(config.clusters.map((cluster) => [cluster.name, cluster.replicas])),
    // Always, none included: a later run keeps it instead of defaulting from the repository again.
    dependsOn: [...config.dependsOn],
  };
}

/** Stored answers of the right shape (to build on), or undefined; resolve names what is wrong with the others. */
export function metricsServerAnswers(stored: unknown): MetricsServerAnswers | undefined {
  return answersSchema.safeParse(stored).data;
}

/** The stored answers after platform:cluster: a new cluster gets the default, a removed one leaves. */
export function metricsServerFollowClusters(stored: unknown, change: ClusterChange): unknown {
  const answers = metricsServerAnswers(stored);
  if (answers === undefined) return stored; // resolve names the problem
  const replicas = { ...answers.replicas };
  if ('added' in change) replicas[change.added.name] ??= DEFAULT_METRICS_SERVER_REPLICAS;
  else delete replicas[change.removed];
  return { ...answers, replicas };
}
