/** A HelmRelease as the report's table shows it. */
export interface HelmReleaseSummary {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
  readonly replicas?: unknown;
  readonly clusterIP?: unknown;
  readonly file?: string;
  /** What Helm's render runs as: Pod Security "restricted" or not, and each workload's security context (only with rendered objects). */
  readonly securityContext?: string;
}
