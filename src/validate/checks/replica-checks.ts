import type { ProfiledRelease } from './helm-release-checks.js';
import { isMap } from '../objects/kube-objects.js';

/** Replicas after substitution, and a PDB that leaves room for an eviction (unless autoscaled). */
export function checkReplicasAndPdb(release: ProfiledRelease): void {
  const { merged, values, report } = release;
  const enabled = (key: string) => isMap(merged[key]) && (merged[key] as Record<string, unknown>).enabled === true;
  if (enabled('hpa') || enabled('autoscaler')) return;
  const replicas = merged.replicaCount;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1) {
    report(
      'replicas-invalid',
      'error',
      'spec.values.replicaCount',
      `replicaCount is ${JSON.stringify(replicas)} after substitution, not a whole number >= 1`,
      'set COREDNS_REPLICAS in cluster-settings to a whole number, e.g. "2"',
    );
    return;
  }
  const pdb = isMap(values.podDisruptionBudget) ? values.podDisruptionBudget : {};
  if (Object.keys(pdb).length === 0) return;
  const min = pdb.minAvailable;
  if ((typeof min === 'number' && Number.isInteger(min) && min >= replicas) || pdb.maxUnavailable === 0) {
    report(
      'pdb-blocks-eviction',
      'error',
      'spec.values.podDisruptionBudget',
      `with ${replicas} replica${replicas === 1 ? '' : 's'} the PDB (${JSON.stringify(pdb)}) allows no eviction: node drains hang`,
      'run at least minAvailable + 1 replicas (COREDNS_REPLICAS), or lower minAvailable',
    );
  }
}
