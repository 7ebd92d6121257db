import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from '../support/package-paths.js';
import { DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION } from '../../src/index.js';
import { chartDir, goldenReleaseValues } from '../support/chart-fixtures.js';
import { helmTemplate } from '../support/helm.js';

/** What the infra cluster's cluster-settings give the golden HelmRelease's variables. */
const VARIABLES = { COREDNS_REPLICAS: '2', COREDNS_CLUSTER_IP: '10.245.0.10' };

for (const version of [DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION]) {
  describe(`helm template of chart ${version} with the golden HelmRelease values`, () => {
    const values = goldenReleaseValues(VARIABLES);
    const objects = helmTemplate(chartDir(version), values, { releaseName: 'coredns', namespace: 'kube-system' });
    const find = (kind: string, name: string) => {
      const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
      assert.ok(found, `${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
      return found;
    };
    const deployment = () => find('Deployment', 'coredns');
    const podLabels = () => deployment().spec.template.metadata.labels as Record<string, string>;

    test('the Deployment runs the substituted replica count as a number', () => {
      assert.equal(deployment().spec.replicas, 2);
    });

    test('the DNS Service is kube-dns at the substituted ClusterIP', () => {
      const service = find('Service', 'kube-dns');
      assert.equal(service.spec.clusterIP, '10.245.0.10');
      assert.equal(service.spec.selector['k8s-app'], 'kube-dns');
    });

    test('the pods carry k8s-app: kube-dns and the Deployment selects them', () => {
      assert.equal(podLabels()['k8s-app'], 'kube-dns');
      for (const [key, value] of Object.entries(deployment().spec.selector.matchLabels as Record<string, string>)) assert.equal(podLabels()[key], value, key);
    });

    test('the topology spread selects the pods', () => {
      const [spread] = deployment().spec.template.spec.topologySpreadConstraints;
      assert.equal(spread.topologyKey, 'kubernetes.io/hostname');
      const selector = Object.entries(spread.labelSelector.matchLabels as Record<string, string>);
      assert.ok(selector.length > 0);
      for (const [key, value] of selector) assert.equal(podLabels()[key], value, `${key}=${value}`);
    });

    test('pod and container security contexts are what the values say', () => {
      const pod = deployment().spec.template.spec;
      assert.deepEqual(pod.securityContext, values.podSecurityContext);
      const container = pod.containers.find((c: { name: string }) => c.name === 'coredns');
      assert.deepEqual(container.securityContext, values.securityContext);
    });

    test('the PodDisruptionBudget keeps one pod and selects the pods', () => {
      const pdb = find('PodDisruptionBudget', 'coredns');
      assert.equal(pdb.spec.minAvailable, 1);
      for (const [key, value] of Object.entries(pdb.spec.selector.matchLabels as Record<string, string>)) assert.equal(podLabels()[key], value, key);
    });

    test('the chart makes no ServiceMonitor; the one in coredns-monitoring/ selects the metrics Service', () => {
      assert.ok(!objects.some((o) => o.kind === 'ServiceMonitor'));
      const monitor = parse(readFileSync(join(ROOT, 'test/golden/coredns/story-helm/kubernetes/infrastructure/networking/coredns-monitoring/servicemonitor.yaml'), 'utf8'));
      const metrics = find('Service', 'coredns-metrics');
      for (const [key, value] of Object.entries(monitor.spec.selector.matchLabels as Record<string, string>)) assert.equal(metrics.metadata.labels[key], value, key);
      assert.ok(metrics.spec.ports.some((port: { port: number; name: string }) => port.port === 9153 && port.name === monitor.spec.endpoints[0].port));
    });
  });
}
