/**
 * The name the generated module exports an apiVersion/kind's validator under: `.` becomes `_`
 * and `/` becomes `$`. Kubernetes group names are DNS names (no `_` or `$`) and versions and
 * kinds are alphanumeric, so no two keys share a name; anything else has no name.
 */
export function crdExportName(apiVersion: string, kind: string): string | undefined {
  const key = `${apiVersion}/${kind}`;
  return /^[A-Za-z0-9./]+$/.test(key) ? key.replace(/\./g, '_').replace(/\//g, '$') : undefined;
}
