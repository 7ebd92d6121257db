import { type RenderedRelease, containersOf, podTemplates } from './rendered-release.js';
import { mapOf } from './private/shape.js';

// Jobs run to completion and Helm hooks are one-off pods: probes mean nothing there.
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);
const PROBES = ['livenessProbe', 'readinessProbe'] as const;

/** Every long-running container has a liveness and a readiness probe. */
export function checkProbes(release: RenderedRelease): void {
  for (const pod of podTemplates(release.objects, release.namespace)) {
    if (RUN_TO_COMPLETION.has(String(pod.owner.kind))) continue;
    if ('helm.sh/hook' in mapOf(mapOf(pod.owner.metadata).annotations)) continue;
    for (const c of containersOf(pod)) {
      if (c.list !== 'containers') continue;
      for (const probe of PROBES)
        if (c.container[probe] === undefined || c.container[probe] === null)
          release.report(
            'workload-probes-missing',
            'warning',
            pod.owner,
            `${c.path}.${probe}`,
            `container ${c.name} has no ${probe}: ${probe === 'livenessProbe' ? 'a hung process is never restarted' : 'traffic reaches it before it is ready'}`,
            `set ${probe} in the chart's values`,
          );
    }
  }
}
