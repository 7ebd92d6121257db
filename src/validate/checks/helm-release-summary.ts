/** A HelmRelease as the report's table shows it. */
export interface HelmReleaseSummary {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
  readonly replicas?: unknown;
  readonly clusterIP?: unknown;
  readonly file?: string;
}
