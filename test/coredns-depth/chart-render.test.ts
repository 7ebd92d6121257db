// The real chart, rendered with what helm-controller would hand it on each cluster: the new
// answers must reach the Corefile, the Deployment and the Service, in the oldest and newest chart.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION, generateCoreDnsRepo } from '../../src/index.js';
import { chartDir } from '../support/chart-fixtures.js';
import { releaseValuesFor } from '../support/flux-release-values.js';
import { helmTemplate } from '../support/helm.js';
import { readTree, tempDir } from '../support/tree.js';
import { depthAnswers } from './depth-answers.js';

const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

/** The Corefile's server blocks by their key (`.:53`), each as its trimmed lines. */
function serverBlocks(corefile: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  let current: string[] | undefined;
  let depth = 0;
  for (const raw of corefile.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (depth === 0 && line.endsWith('{')) {
      current = [];
      blocks.set(line.slice(0, -1).trim(), current);
    } else if (depth > 0 && !(depth === 1 && line === '}')) current!.push(line);
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
  }
  return blocks;
}

for (const version of [DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION]) {
  describe(`chart ${version} rendered with each cluster's values after Flux substitution and valuesFrom`, () => {
    const dir = tempDir();
    generateCoreDnsRepo(dir, depthAnswers(version));
    const tree = readTree(dir);
    const rendered = (cluster: string) => helmTemplate(chartDir(version), releaseValuesFor(tree, cluster), { releaseName: 'coredns', namespace: 'kube-system' });
    const objects = { infra: rendered('infra'), apps: rendered('apps'), dual: rendered('dual') };
    const find = (cluster: keyof typeof objects, kind: string, name: string) => {
      const found = objects[cluster].find((o) => o.kind === kind && o.metadata?.name === name);
      assert.ok(found, `${cluster}: ${kind}/${name} among ${objects[cluster].map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
      return found;
    };
    const corefile = (cluster: keyof typeof objects) => serverBlocks(find(cluster, 'ConfigMap', 'coredns').data.Corefile as string);

    test('infra: defaults reach the main block (forwarders, cache with prefetch and serve_stale), with hosts and AAAA suppression', () => {
      const main = corefile('infra').get('.:53')!;
      assert.ok(main.includes('forward . 1.1.1.1 9.9.9.9'), main.join('\n'));
      assert.deepEqual(main.slice(main.indexOf('cache 30 {'), main.indexOf('cache 30 {') + 4), ['cache 30 {', 'prefetch 20', 'serve_stale', '}']);
      const template = main.indexOf('template ANY AAAA {');
      assert.deepEqual(main.slice(template, template + 3), ['template ANY AAAA {', 'rcode NOERROR', '}']);
      const hosts = main.indexOf('hosts {');
      assert.deepEqual(main.slice(hosts, hosts + 4), ['hosts {', '10.245.1.1 registry.infra.local', 'fallthrough', '}']);
      assert.ok(main.includes('kubernetes cluster.local in-addr.arpa ip6.arpa {'), 'cluster zone kept');
      assert.ok(main.includes('prometheus 0.0.0.0:9153'), 'metrics kept');
    });

    test('infra: the stub domain is a server block of its own, forwarding to its servers', () => {
      const stub = corefile('infra').get('corp.example:53');
      assert.ok(stub, [...corefile('infra').keys()].join(', '));
      assert.ok(stub.includes('forward . 10.0.0.53 10.0.0.54'), stub.join('\n'));
      assert.ok(stub.includes('cache 30 {'));
    });

    test('apps: its own forwarder replaces the defaults; no hosts, no AAAA template, no stub block', () => {
      const blocks = corefile('apps');
      assert.deepEqual([...blocks.keys()], ['.:53']);
      const main = blocks.get('.:53')!;
      assert.ok(main.includes('forward . 10.0.0.1'), main.join('\n'));
      assert.ok(!main.some((line) => line.startsWith('template') || line.startsWith('hosts')), main.join('\n'));
    });

    test('apps: the image override reaches the container', () => {
      const [container] = find('apps', 'Deployment', 'coredns').spec.template.spec.containers;
      assert.match(container.image, /^mirror\.gcr\.io\/coredns\/coredns:/);
    });

    test('placement control-plane: required node affinity and the toleration on every cluster', () => {
      for (const cluster of ['infra', 'apps', 'dual'] as const) {
        const pod = find(cluster, 'Deployment', 'coredns').spec.template.spec;
        const [term] = pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
        assert.deepEqual(term.matchExpressions, [{ key: CONTROL_PLANE, operator: 'Exists' }], cluster);
        assert.deepEqual(pod.tolerations, [{ key: CONTROL_PLANE, operator: 'Exists', effect: 'NoSchedule' }], cluster);
      }
    });

    test('infra: the autoscaler replaces replicas (min/max in its config), on the control plane too', () => {
      assert.equal(find('infra', 'Deployment', 'coredns').spec.replicas, undefined, 'the autoscaler owns replicas');
      const autoscaler = find('infra', 'Deployment', 'coredns-autoscaler');
      assert.equal(autoscaler.spec.template.spec.priorityClassName, 'system-cluster-critical');
      assert.deepEqual(autoscaler.spec.template.spec.tolerations, [{ key: CONTROL_PLANE, operator: 'Exists', effect: 'NoSchedule' }]);
      const linear = JSON.parse(find('infra', 'ConfigMap', 'coredns-autoscaler').data.linear);
      assert.equal(linear.min, 2);
      assert.equal(linear.max, 6);
      assert.ok(find('infra', 'PodDisruptionBudget', 'coredns').spec.minAvailable === 1, 'the PDB still keeps one pod');
      assert.equal(find('apps', 'Deployment', 'coredns').spec.replicas, 2, 'apps keeps its replica count');
      assert.ok(!objects.apps.some((o) => o.metadata?.name === 'coredns-autoscaler'), 'apps has no autoscaler');
    });

    test('dual: the Service is dual-stack with both ClusterIPs, IPv4 first; single-stack clusters are unchanged', () => {
      const service = find('dual', 'Service', 'kube-dns');
      assert.equal(service.spec.clusterIP, '10.248.0.10');
      assert.deepEqual(service.spec.clusterIPs, ['10.248.0.10', 'fd00:10:248::a']);
      assert.equal(service.spec.ipFamilyPolicy, 'RequireDualStack');
      const single = find('infra', 'Service', 'kube-dns');
      assert.equal(single.spec.clusterIPs, undefined);
      assert.equal(single.spec.ipFamilyPolicy, undefined);
    });

    test('DNS over TCP and UDP on port 53 in every chart version', () => {
      const ports = (find('dual', 'Service', 'kube-dns').spec.ports as Array<{ port: number; protocol: string }>).map((p) => `${p.protocol}/${p.port}`);
      assert.deepEqual(ports.sort(), ['TCP/53', 'UDP/53']);
    });

    test('the chart makes no ServiceMonitor; its metrics Service is what ours selects', () => {
      for (const cluster of ['infra', 'apps', 'dual'] as const) {
        assert.ok(!objects[cluster].some((o) => o.kind === 'ServiceMonitor'), cluster);
      }
      const metrics = find('infra', 'Service', 'coredns-metrics');
      const ours = parse(tree['kubernetes/infrastructure/networking/coredns-monitoring/servicemonitor.yaml']!).spec;
      const selector = Object.entries(ours.selector.matchLabels as Record<string, string>);
      assert.ok(selector.length >= 3, 'selects on instance, name and component at least');
      for (const [key, value] of selector) assert.equal(metrics.metadata.labels[key], value, `the metrics Service carries ${key}=${value}`);
      assert.ok(
        !objects.infra.some((o) => o.kind === 'Service' && o.metadata.name !== 'coredns-metrics' && selector.every(([k, v]) => o.metadata.labels?.[k] === v)),
        'only the metrics Service matches',
      );
      assert.equal(ours.endpoints[0].port, 'metrics');
      assert.equal(metrics.spec.ports[0].name, 'metrics');
    });
  });
}
