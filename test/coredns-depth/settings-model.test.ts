// The settings model: defaults and overrides, stored answers that round-trip, and the list of
// values the shared HelmRelease owns kept in step with the template.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { SHARED_VALUE_PATHS, generateCoreDnsRepo, planCoreDns, resolveCoreDnsConfig, toStoredAnswers } from '../../src/index.js';
import { leafPaths } from '../support/chart-fixtures.js';
import { STORY_ANSWERS } from '../support/story.js';
import { readTree, tempDir } from '../support/tree.js';
import { depthAnswers } from './depth-answers.js';

const EMPTY_READER = { read: () => undefined, list: () => [] };

describe('CoreDNS settings model', () => {
  const config = resolveCoreDnsConfig(depthAnswers());

  test('defaults reach every cluster; a cluster value wins', () => {
    const { infra, apps, dual } = config.settings.clusters;
    assert.deepEqual(infra!.forwarders, ['1.1.1.1', '9.9.9.9']);
    assert.deepEqual(apps!.forwarders, ['10.0.0.1']);
    assert.deepEqual(dual!.cache, { ttl: 30, prefetch: 20, serveStale: true });
    assert.equal(apps!.placement, 'control-plane');
    assert.deepEqual(infra!.autoscaler, { min: 2, max: 6 });
    assert.equal(apps!.autoscaler, undefined);
    assert.deepEqual(dual!.dualStack, { serviceCidrV6: 'fd00:10:248::/112', dnsIpV6: 'fd00:10:248::a' });
  });

  test('stored answers round-trip: same config, defaults kept apart from overrides', () => {
    const stored = toStoredAnswers(config);
    assert.deepEqual(resolveCoreDnsConfig(JSON.parse(JSON.stringify(stored))), config);
    assert.deepEqual(stored.defaults, depthAnswers().defaults);
    assert.deepEqual(stored.monitoring, depthAnswers().monitoring);
    assert.deepEqual(stored.flux, depthAnswers().flux);
    assert.equal(stored.clusters[1]!.forwarders![0], '10.0.0.1');
    assert.equal(stored.clusters[0]!.forwarders, undefined, 'infra inherits the default forwarders');
  });

  test('answers without the new fields store none of them and plan no values ConfigMap', () => {
    const story = resolveCoreDnsConfig(STORY_ANSWERS);
    const stored = toStoredAnswers(story);
    for (const key of ['defaults', 'monitoring', 'flux'] as const) assert.equal(stored[key], undefined, key);
    assert.equal(story.settings.perClusterValues, false);
    const paths = planCoreDns(story, EMPTY_READER).files.map((file) => file.path);
    assert.ok(!paths.some((path) => path.endsWith('coredns-values.yaml')), paths.join('\n'));
    assert.ok(!planCoreDns(story, EMPTY_READER).files.some((file) => file.contents.includes('valuesFrom')));
  });

  test('SHARED_VALUE_PATHS covers every value the HelmRelease template sets, and nothing more', () => {
    const dir = tempDir();
    generateCoreDnsRepo(dir, depthAnswers());
    const values = parse(readTree(dir)['kubernetes/infrastructure/networking/coredns/helmrelease.yaml']!).spec.values;
    const leaves = leafPaths(values);
    for (const leaf of leaves)
      assert.ok(
        SHARED_VALUE_PATHS.some((owned) => leaf === owned || leaf.startsWith(`${owned}.`)),
        `${leaf} is in SHARED_VALUE_PATHS`,
      );
    for (const owned of SHARED_VALUE_PATHS)
      assert.ok(
        leaves.some((leaf) => leaf === owned || leaf.startsWith(`${owned}.`)),
        `${owned} is still in the template`,
      );
  });

  test('drift detection ignores the replicas the autoscaler owns; flux answers reach the release', () => {
    const dir = tempDir();
    generateCoreDnsRepo(dir, depthAnswers());
    const tree = readTree(dir);
    const release = parse(tree['kubernetes/infrastructure/networking/coredns/helmrelease.yaml']!);
    assert.deepEqual(release.spec.driftDetection, { mode: 'enabled', ignore: [{ paths: ['/spec/replicas'], target: { kind: 'Deployment' } }] });
    assert.equal(release.spec.chart.spec.interval, '12h');
    assert.deepEqual(release.spec.valuesFrom, [{ kind: 'ConfigMap', name: 'coredns-values', valuesKey: 'values.yaml' }]);
    assert.match(
      tree['kubernetes/infrastructure/networking/coredns/helmrelease.yaml']!,
      /^---\n# yaml-language-server: \$schema=https:\/\/kubernetes-schemas\.pages\.dev\/helm\.toolkit\.fluxcd\.io\/helmrelease_v2\.json\n/,
    );
    assert.match(tree['kubernetes/infrastructure/networking/coredns-monitoring/ks.yaml']!, /\$schema=.*kustomization_v1\.json/);
    assert.doesNotMatch(tree['kubernetes/infrastructure/networking/coredns/kustomization.yaml']!, /\$schema/, 'kustomize files are not Flux files');
  });

  test('monitoring labels are on both the ServiceMonitor and the PrometheusRule', () => {
    const dir = tempDir();
    generateCoreDnsRepo(dir, depthAnswers());
    const tree = readTree(dir);
    for (const file of ['servicemonitor.yaml', 'prometheusrule.yaml']) {
      assert.deepEqual(parse(tree[`kubernetes/infrastructure/networking/coredns-monitoring/${file}`]!).metadata.labels, { release: 'kube-prometheus-stack' }, file);
    }
  });
});
