import type { ClusterPools } from './cluster-pools.js';
import { type RenderedRelease, namespaceIn, ofKind } from './rendered-release.js';
import { selects } from './private/label-selector.js';
import { type Obj, mapOf } from './private/shape.js';

/** An int-or-percent scaled to `total`, rounded up as the disruption controller rounds it; undefined when unreadable. */
function scaled(value: unknown, total: number): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return percent ? Math.ceil((total * Number(percent[1])) / 100) : undefined;
}

/** The replicas of a workload, or its HorizontalPodAutoscaler's minReplicas (default 1) when one scales it. */
function replicasOf(owner: Obj, replicas: number, autoscalers: readonly Obj[]): number {
  const name = mapOf(owner.metadata).name;
  const hpa = autoscalers.find((a) => {
    const target = mapOf(mapOf(a.spec).scaleTargetRef);
    return target.kind === owner.kind && target.name === name;
  });
  if (!hpa) return replicas;
  const min = mapOf(hpa.spec).minReplicas;
  return typeof min === 'number' ? min : 1;
}

/**
 * A PodDisruptionBudget that allows no eviction at the replicas its pods run (minAvailable equal
 * to them, or maxUnavailable 0) makes every node drain wait forever.
 */
export function checkPdbDrain(release: RenderedRelease, pools: ClusterPools): void {
  const autoscalers = ofKind(release.objects, 'HorizontalPodAutoscaler');
  for (const pdb of ofKind(release.objects, 'PodDisruptionBudget')) {
    const spec = mapOf(pdb.spec);
    const namespace = namespaceIn(pdb, release.namespace) ?? release.namespace;
    const selector = mapOf(spec.selector);
    const guarded = pools.pods.filter((pod) => pod.namespace === namespace && pod.replicas !== undefined && selects(selector, pod.labels));
    // Nothing selected is workload-pdb-selects-nothing's finding; bare pods and DaemonSets have no scale to compare.
    if (guarded.length === 0) continue;
    const total = guarded.reduce((sum, pod) => sum + replicasOf(pod.owner, pod.replicas!, autoscalers), 0);
    const owners = guarded.map((pod) => `${String(pod.owner.kind)}/${String(mapOf(pod.owner.metadata).name)}`).join(', ');
    const min = scaled(spec.minAvailable, total);
    const max = scaled(spec.maxUnavailable, total);
    const field = spec.minAvailable !== undefined ? 'minAvailable' : 'maxUnavailable';
    const blocked = field === 'minAvailable' ? min !== undefined && min >= total : max !== undefined && max <= 0;
    if (!blocked) continue;
    release.report(
      'workload-pdb-blocks-drain',
      'error',
      pdb,
      `spec.${field}`,
      `${field} ${JSON.stringify(spec[field])} with ${total} replica${total === 1 ? '' : 's'} (${owners}) allows no eviction: every node drain waits forever`,
      field === 'minAvailable' ? 'run more replicas than minAvailable, or lower minAvailable (e.g. maxUnavailable: 1)' : 'set maxUnavailable to at least 1',
    );
  }
}
