import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkStory, find, workloadFindings } from './story-render.js';
import { assertRendered } from './support.js';

const RULE_FILE = 'kubernetes/infrastructure/networking/coredns-monitoring/prometheusrule.yaml';
const PDB = 'PodDisruptionBudget/kube-system/coredns';

describe('PodDisruptionBudget against the replicas the chart renders', () => {
  test('workload-pdb-blocks-drain: a values edit sets minAvailable to the 2 replicas', () => {
    const result = checkStory({ values: (v) => (v.podDisruptionBudget = { minAvailable: 2 }) });
    assertRendered(result, { code: 'workload-pdb-blocks-drain', severity: 'error', object: PDB, path: 'spec.minAvailable', message: /minAvailable 2 with 2 replicas \(Deployment\/coredns\)/ });
  });

  test('workload-pdb-blocks-drain: maxUnavailable 0', () => {
    const result = checkStory({
      plant: ({ rendered }) => {
        const { spec } = find(rendered, 'PodDisruptionBudget', 'coredns');
        delete spec.minAvailable;
        spec.maxUnavailable = 0;
      },
    });
    assertRendered(result, { code: 'workload-pdb-blocks-drain', severity: 'error', object: PDB, path: 'spec.maxUnavailable', message: /allows no eviction/ });
  });

  test('workload-pdb-blocks-drain: minAvailable "100%" blocks too; "50%" does not', () => {
    const withMin = (min: string) => checkStory({ plant: ({ rendered }) => (find(rendered, 'PodDisruptionBudget', 'coredns').spec.minAvailable = min) });
    assertRendered(withMin('100%'), { code: 'workload-pdb-blocks-drain', severity: 'error', object: PDB, path: 'spec.minAvailable' });
    assert.deepEqual(workloadFindings(withMin('50%')), []);
  });
});

describe("the ServiceMonitor's job against the cluster's PrometheusRules for CoreDNS", () => {
  test('workload-servicemonitor-job-mismatch: an alert selects job="coredns", the ServiceMonitor makes it coredns-metrics', () => {
    const result = checkStory({
      plant: ({ cluster }) => {
        const rule = find(cluster, 'PrometheusRule', 'coredns').spec.groups[0].rules[0];
        rule.expr = (rule.expr as string).replace('job="coredns-metrics"', 'job="coredns"');
      },
    });
    const findings = workloadFindings(result);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, f.file, f.object, f.path]),
      [['workload-servicemonitor-job-mismatch', 'error', RULE_FILE, 'PrometheusRule/kube-system/coredns', 'spec.groups[0].rules[0].expr']],
    );
    assert.match(
      findings[0]!.message,
      /CoreDNSAbsent selects job="coredns", but HelmRelease kube-system\/coredns is scraped as job="coredns-metrics" \(ServiceMonitor\/kube-system\/coredns over Service kube-system\/coredns-metrics\)/,
    );
  });

  test('workload-servicemonitor-job-mismatch: a jobLabel on the ServiceMonitor renames the job every alert selects', () => {
    const result = checkStory({ plant: ({ cluster }) => (find(cluster, 'ServiceMonitor', 'coredns').spec.jobLabel = 'app.kubernetes.io/name') });
    const findings = workloadFindings(result);
    const rules = find(checkStoryObjects(), 'PrometheusRule', 'coredns')
      .spec.groups.flatMap((g: { rules: Array<{ expr: string }> }) => g.rules)
      .filter((r: { expr: string }) => r.expr.includes('job='));
    assert.ok(rules.length >= 4, `${rules.length} rules select a job`);
    assert.equal(findings.length, rules.length, JSON.stringify(findings, null, 1));
    for (const f of findings) {
      assert.equal(f.code, 'workload-servicemonitor-job-mismatch');
      assert.equal(f.severity, 'error');
      assert.match(f.message, /is scraped as job="coredns"/);
    }
  });

  test('a regex job matcher that matches the job is accepted; one that does not is reported', () => {
    const withExpr = (job: string) =>
      checkStory({
        plant: ({ cluster }) => {
          const rule = find(cluster, 'PrometheusRule', 'coredns').spec.groups[0].rules[1];
          rule.expr = (rule.expr as string).replace('job="coredns-metrics"', job);
        },
      });
    assert.deepEqual(workloadFindings(withExpr('job=~"coredns-.*"')), []);
    assert.deepEqual(
      workloadFindings(withExpr('job=~"coredns"')).map((f) => [f.code, f.path]),
      [['workload-servicemonitor-job-mismatch', 'spec.groups[0].rules[1].expr']],
    );
  });
});

/** The cluster's objects of the clean story (to count its rules). */
function checkStoryObjects(): Array<Record<string, any>> {
  let objects: Array<Record<string, any>> = [];
  checkStory({ plant: ({ cluster }) => (objects = cluster) });
  return objects;
}
