import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkStory, workloadFindings } from './story-render.js';
import { CONTAINER, DEPLOYMENT, assertRendered, corednsPod } from './support.js';

const plantInPod = (plant: (at: ReturnType<typeof corednsPod>) => void) => checkStory({ plant: ({ rendered }) => plant(corednsPod(rendered)) });

describe('resources and probes of the rendered CoreDNS containers', () => {
  test('workload-resources-missing: no memory limit', () => {
    const result = plantInPod(({ container }) => delete container.resources.limits.memory);
    assertRendered(result, { code: 'workload-resources-missing', severity: 'warning', object: DEPLOYMENT, path: `${CONTAINER}.resources.limits.memory`, message: /no memory limit/ });
  });

  test('workload-resources-missing: no requests at all names each missing request', () => {
    const result = plantInPod(({ container }) => delete container.resources.requests);
    assert.deepEqual(
      workloadFindings(result).map((f) => [f.code, f.severity, f.path]),
      [
        ['workload-resources-missing', 'warning', `${CONTAINER}.resources.requests.cpu`],
        ['workload-resources-missing', 'warning', `${CONTAINER}.resources.requests.memory`],
      ],
    );
  });

  test('workload-probes-missing: no readiness probe', () => {
    const result = plantInPod(({ container }) => delete container.readinessProbe);
    assertRendered(result, { code: 'workload-probes-missing', severity: 'warning', object: DEPLOYMENT, path: `${CONTAINER}.readinessProbe`, message: /no readinessProbe/ });
  });

  test('workload-probes-missing: no liveness probe', () => {
    const result = plantInPod(({ container }) => delete container.livenessProbe);
    assertRendered(result, { code: 'workload-probes-missing', severity: 'warning', object: DEPLOYMENT, path: `${CONTAINER}.livenessProbe`, message: /no livenessProbe/ });
  });
});
