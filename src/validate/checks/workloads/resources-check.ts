import { type RenderedRelease, containersOf, podTemplates } from './rendered-release.js';
import { mapOf } from './private/shape.js';

// What the scheduler and the OOM killer need from every container: requests to place the pod,
// a memory limit so one container cannot starve the node.
const REQUIRED = [
  ['requests', 'cpu'],
  ['requests', 'memory'],
  ['limits', 'memory'],
] as const;

/** Every container and init container sets cpu and memory requests and a memory limit. */
export function checkResources(release: RenderedRelease): void {
  for (const pod of podTemplates(release.objects, release.namespace)) {
    for (const c of containersOf(pod)) {
      // Ephemeral containers cannot set resources.
      if (c.list === 'ephemeralContainers') continue;
      const resources = mapOf(c.container.resources);
      for (const [group, resource] of REQUIRED) {
        const value = mapOf(resources[group])[resource];
        if (value === undefined || value === null || value === '')
          release.report(
            'workload-resources-missing',
            'warning',
            pod.owner,
            `${c.path}.resources.${group}.${resource}`,
            `container ${c.name} sets no ${resource} ${group === 'limits' ? 'limit' : 'request'}`,
            `set resources.${group}.${resource} through the chart's values`,
          );
      }
    }
  }
}
