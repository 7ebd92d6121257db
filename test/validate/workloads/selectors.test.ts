import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkStory, find, workloadFindings } from './story-render.js';
import { DEPLOYMENT, POD, assertRendered } from './support.js';

const MONITOR_FILE = 'kubernetes/infrastructure/networking/coredns-monitoring/servicemonitor.yaml';

describe('selectors of what the CoreDNS chart renders match the pods and Services', () => {
  test('workload-service-selects-nothing: the DNS Service selects a label no pod carries', () => {
    const result = checkStory({ plant: ({ rendered }) => (find(rendered, 'Service', 'kube-dns').spec.selector['k8s-app'] = 'coredns') });
    assertRendered(result, { code: 'workload-service-selects-nothing', severity: 'error', object: 'Service/kube-system/kube-dns', path: 'spec.selector', message: /k8s-app=coredns.*no endpoints/ });
  });

  test('workload-pdb-selects-nothing: the PodDisruptionBudget selects a label no pod carries', () => {
    const result = checkStory({ plant: ({ rendered }) => (find(rendered, 'PodDisruptionBudget', 'coredns').spec.selector.matchLabels['k8s-app'] = 'coredns') });
    assertRendered(result, { code: 'workload-pdb-selects-nothing', severity: 'error', object: 'PodDisruptionBudget/kube-system/coredns', path: 'spec.selector', message: /protects nothing/ });
  });

  test("workload-pdb-selects-nothing: matchExpressions are evaluated (NotIn the pods' value)", () => {
    const result = checkStory({
      plant: ({ rendered }) => (find(rendered, 'PodDisruptionBudget', 'coredns').spec.selector = { matchExpressions: [{ key: 'k8s-app', operator: 'NotIn', values: ['kube-dns'] }] }),
    });
    assertRendered(result, {
      code: 'workload-pdb-selects-nothing',
      severity: 'error',
      object: 'PodDisruptionBudget/kube-system/coredns',
      path: 'spec.selector',
      message: /k8s-app NotIn \(kube-dns\)/,
    });
  });

  test('workload-spread-selects-nothing: a values edit makes the spread select a label no pod carries', () => {
    const result = checkStory({ values: (v) => (v.topologySpreadConstraints[0].labelSelector.matchLabels['k8s-app'] = 'coredns') });
    assertRendered(result, { code: 'workload-spread-selects-nothing', severity: 'error', object: DEPLOYMENT, path: `${POD}.topologySpreadConstraints[0].labelSelector`, message: /spreads nothing/ });
  });

  test("workload-servicemonitor-selects-nothing: the story's ServiceMonitor selects labels no Service carries", () => {
    const result = checkStory({ plant: ({ cluster }) => (find(cluster, 'ServiceMonitor', 'coredns').spec.selector.matchLabels['app.kubernetes.io/component'] = 'dns') });
    assert.deepEqual(
      workloadFindings(result).map((f) => [f.code, f.severity, f.file, f.object, f.path]),
      [['workload-servicemonitor-selects-nothing', 'error', MONITOR_FILE, 'ServiceMonitor/kube-system/coredns', 'spec.selector']],
    );
    assert.match(workloadFindings(result)[0]!.message, /nothing is scraped/);
  });

  test('workload-servicemonitor-selects-nothing: the namespaceSelector looks where the Service is not', () => {
    const result = checkStory({ plant: ({ cluster }) => (find(cluster, 'ServiceMonitor', 'coredns').spec.namespaceSelector = { matchNames: ['monitoring'] }) });
    assert.deepEqual(
      workloadFindings(result).map((f) => [f.code, f.severity, f.file, f.object, f.path]),
      [['workload-servicemonitor-selects-nothing', 'error', MONITOR_FILE, 'ServiceMonitor/kube-system/coredns', 'spec.namespaceSelector']],
    );
    assert.match(workloadFindings(result)[0]!.message, /looks in namespace monitoring, but the Services it selects are in kube-system/);
  });

  test('workload-servicemonitor-selects-nothing: the ServiceMonitor the chart renders (prometheus.monitor) selects nothing', () => {
    const values = (v: Record<string, any>) => (v.prometheus.monitor = { enabled: true });
    assert.deepEqual(workloadFindings(checkStory({ values })), [], "the chart's own ServiceMonitor, as rendered, selects the metrics Service");
    let name = '';
    const result = checkStory({
      values,
      plant: ({ rendered }) => {
        const monitor = rendered.find((o) => o.kind === 'ServiceMonitor')!;
        name = monitor.metadata.name as string;
        monitor.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'dns';
      },
    });
    assertRendered(result, { code: 'workload-servicemonitor-selects-nothing', severity: 'error', object: `ServiceMonitor/kube-system/${name}`, path: 'spec.selector', message: /nothing is scraped/ });
  });
});
