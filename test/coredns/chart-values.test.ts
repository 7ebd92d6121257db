import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION, planCoreDnsDirectory, resolveCoreDnsConfig } from '../../src/index.js';
import { chartValues, leafPaths } from '../support/chart-fixtures.js';
import { STORY_ANSWERS } from '../support/story.js';

/**
 * Keys the chart reads that its values.yaml documents only in comments (a commented example
 * such as `# clusterIP: ""` under `service:`); each must still appear in the file as such.
 */
const COMMENT_DOCUMENTED = new Map([
  ['service.clusterIP', /^# ?clusterIP:/m],
  ['k8sAppLabelOverride', /^# ?k8sAppLabelOverride:/m],
]);

/** Walks `path` through the chart defaults: 'exact' (the key exists), 'free-form' (below a {} or [] default), or 'missing'. */
function lookUp(defaults: Record<string, unknown>, path: string): 'exact' | 'free-form' | 'missing' {
  let node: unknown = defaults;
  for (const part of path.split('.')) {
    if (Array.isArray(node)) return 'free-form';
    if (node === null || typeof node !== 'object') return 'missing';
    const map = node as Record<string, unknown>;
    if (Object.keys(map).length === 0) return 'free-form';
    if (!(part in map)) return 'missing';
    node = map[part];
  }
  return 'exact';
}

function generatedValues(answers = STORY_ANSWERS): Record<string, unknown> {
  const release = planCoreDnsDirectory(resolveCoreDnsConfig(answers)).find((file) => file.path.endsWith('helmrelease.yaml'))!;
  return (parseAllDocuments(release.contents)[0]!.toJS() as { spec: { values: Record<string, unknown> } }).spec.values;
}

describe('HelmRelease values against the vendored chart values files', () => {
  for (const version of [DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION]) {
    test(`every key path exists in ${version}'s values.yaml, lies in a free-form map, or is documented there in a comment`, () => {
      const { source, defaults } = chartValues(version);
      const values = generatedValues({ ...STORY_ANSWERS, serviceMonitorLabels: { release: 'kube-prometheus-stack' } });
      const unknown: string[] = [];
      for (const path of leafPaths(values)) {
        const found = lookUp(defaults, path);
        if (found !== 'missing') continue;
        const documented = COMMENT_DOCUMENTED.get(path);
        if (documented && documented.test(source)) continue;
        unknown.push(path);
      }
      assert.deepEqual(unknown, []);
    });
  }

  test("none of the story's ignored keys is written", () => {
    const values = generatedValues();
    const paths = leafPaths(values);
    assert.ok(!paths.some((path) => path.startsWith('serviceMonitor')), 'serviceMonitor.* does not exist in the chart');
    assert.ok(!paths.includes('podDisruptionBudget.enabled'), 'the PDB map is copied into the PDB spec');
    assert.ok(!paths.some((path) => /Probe\.httpGet/.test(path)), 'probe httpGet is hard-coded by the chart');
  });

  test('the values do what the story wants, through the real keys', () => {
    const values = generatedValues() as Record<string, any>;
    assert.equal(values.replicaCount, '${COREDNS_REPLICAS}');
    assert.equal(values.service.clusterIP, '${COREDNS_CLUSTER_IP}');
    assert.equal(values.service.name, 'kube-dns');
    // The spread selects pods the chart labels: k8s-app comes from k8sAppLabelOverride.
    assert.equal(values.k8sAppLabelOverride, 'kube-dns');
    assert.deepEqual(values.topologySpreadConstraints[0].labelSelector.matchLabels, { 'app.kubernetes.io/instance': 'coredns', 'k8s-app': 'kube-dns' });
    assert.deepEqual(values.podDisruptionBudget, { minAvailable: 1 });
    assert.deepEqual(values.resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } });
    assert.deepEqual(values.securityContext.capabilities, { drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    assert.equal(values.securityContext.readOnlyRootFilesystem, true);
    assert.equal(values.securityContext.allowPrivilegeEscalation, false);
    assert.equal(values.podSecurityContext.runAsNonRoot, true);
    assert.equal(typeof values.podSecurityContext.runAsUser, 'number');
    assert.deepEqual(values.podSecurityContext.seccompProfile, { type: 'RuntimeDefault' });
    assert.equal(values.prometheus.service.enabled, true);
    assert.equal(values.prometheus.monitor.enabled, false, 'our ServiceMonitor lives in coredns-monitoring');
    assert.equal(values.livenessProbe.enabled, true);
    assert.equal(values.readinessProbe.enabled, true);
  });

  test('the job label in every alert is the metrics Service the ServiceMonitor scrapes', () => {
    const rules = planCoreDnsDirectory(resolveCoreDnsConfig(STORY_ANSWERS)).find((file) => file.path.endsWith('prometheusrule.yaml'))!;
    const exprs = [...rules.contents.matchAll(/expr: ([^\n]+(?:\n {12}[^\n]+)*)/g)].map((m) => m[1]!);
    assert.equal(exprs.length, 4);
    for (const expr of exprs) {
      assert.match(expr, /job="coredns-metrics"/);
      assert.doesNotMatch(expr, /job="coredns"/);
    }
  });
});
