import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkStory, find, renderStory } from './story-render.js';

for (const cluster of ['infra', 'apps']) {
  describe(`the story's CoreDNS on ${cluster}, rendered by helm 4 from chart 1.38.0`, () => {
    test('the render holds the workloads the checks look at', () => {
      const objects = renderStory(cluster);
      assert.equal(find(objects, 'Deployment', 'coredns').spec.replicas, 2);
      find(objects, 'Service', 'kube-dns');
      find(objects, 'Service', 'coredns-metrics');
      find(objects, 'PodDisruptionBudget', 'coredns');
    });

    test('no finding but the note that NET_BIND_SERVICE is within the coredns allowance', () => {
      const { findings } = checkStory({ cluster });
      assert.deepEqual(
        findings.map((f) => [f.code, f.severity, f.object, f.path]),
        [['workload-pss-capabilities-allowed', 'info', 'Deployment/kube-system/coredns', 'spec.template.spec.containers[0].securityContext.capabilities.add']],
        JSON.stringify(findings, null, 1),
      );
      assert.equal(findings[0]!.file, 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml');
      assert.match(findings[0]!.message, /^HelmRelease kube-system\/coredns renders it: container coredns adds NET_BIND_SERVICE/);
    });

    test('the release summary says the security context is hardened, and how', () => {
      const { helmReleases } = checkStory({ cluster });
      assert.equal(helmReleases.length, 1);
      const line = helmReleases[0]!.securityContext;
      assert.equal(
        line,
        'hardened (Pod Security "restricted"): Deployment/coredns: runAsNonRoot, runAsUser 65532, seccomp RuntimeDefault, no privilege escalation, capabilities drop ALL, add NET_BIND_SERVICE (allowed), read-only root filesystem',
      );
    });
  });
}
