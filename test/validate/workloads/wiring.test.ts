import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../src/validate/checks/index.js';
import { namespace } from '../checks/support.js';
import { checkStory, clusterObjects, find, workloadFindings } from './story-render.js';
import { CONTAINER, DEPLOYMENT, assertRendered } from './support.js';

describe('the workload checks in checkCluster', () => {
  test('without helmRendered they do not run and the summary has no security line', () => {
    const objects = clusterObjects('infra').map((object) => ({ object }));
    const { findings, helmReleases } = checkCluster({ cluster: 'infra', objects, serviceCidr: '10.245.0.0/16' });
    assert.deepEqual(
      findings.filter((f) => f.code.startsWith('workload-')),
      [],
    );
    assert.equal(helmReleases.length, 1);
    assert.equal(helmReleases[0]!.securityContext, undefined);
  });

  test('the capability allowance is per chart: the same NET_BIND_SERVICE under a chart without one is a warning, even where restricted is enforced (restricted admits it)', () => {
    const result = checkStory({
      plant: ({ cluster }) => {
        find(cluster, 'HelmRelease', 'coredns').spec.chart.spec.chart = 'dns-server';
        cluster.push(namespace('kube-system', 'restricted'));
      },
    });
    assertRendered(result, {
      code: 'workload-pss-capabilities-add',
      severity: 'warning',
      object: DEPLOYMENT,
      path: `${CONTAINER}.securityContext.capabilities.add`,
      message: /adds NET_BIND_SERVICE; chart dns-server has no allowance for it \(allowed for dns-server: none\); Pod Security "restricted" admits it, so no API server refuses the pods$/,
    });
    // The pods meet restricted: the summary says so, and names the capability outside the allowance.
    assert.match(result.helmReleases[0]!.securityContext ?? '', /^hardened \(Pod Security "restricted"\): .*add NET_BIND_SERVICE \(not allowed\)/);
  });

  test("a plain ServiceMonitor is not judged while a release's chart was not rendered (its Services are unknown)", () => {
    const result = checkStory({
      plant: ({ cluster }) => {
        find(cluster, 'ServiceMonitor', 'coredns').spec.selector.matchLabels['app.kubernetes.io/component'] = 'dns';
        const other = structuredClone(find(cluster, 'HelmRelease', 'coredns'));
        other.metadata.name = 'unrendered';
        cluster.push(other);
      },
    });
    assert.deepEqual(
      workloadFindings(result).filter((f) => f.code === 'workload-servicemonitor-selects-nothing'),
      [],
    );
  });

  test('objects rendered under a key no HelmRelease of the cluster has are not checked', () => {
    const result = checkStory({ plant: ({ cluster }) => (find(cluster, 'HelmRelease', 'coredns').metadata.name = 'renamed') });
    assert.deepEqual(workloadFindings(result), []);
    assert.ok(!result.findings.some((f) => f.code.startsWith('workload-')));
  });
});
