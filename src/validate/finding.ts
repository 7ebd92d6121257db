/** How bad a finding is: errors fail validation (exit 1), warnings and notes do not. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** One thing the validator found, with where it is and how to fix it. */
export interface Finding {
  /** Stable identifier of the check, e.g. `chart-unknown-key`. */
  readonly code: string;
  readonly severity: FindingSeverity;
  /** The cluster whose build produced it; absent for repository-wide findings. */
  readonly cluster?: string;
  /** Repository-relative file the object came from, when known. */
  readonly file?: string;
  /** `Kind/namespace/name` of the object. */
  readonly object?: string;
  /** Path inside the object, e.g. `spec.values.serviceMonitor`. */
  readonly path?: string;
  readonly message: string;
  readonly fix: string;
}
