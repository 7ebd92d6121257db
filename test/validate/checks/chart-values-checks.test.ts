import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertOnly, checkWithValues as withValues } from './support.js';

describe('CoreDNS chart values', () => {
  test('chart-unknown-key: a values key the chart does not read, with the hint for it', () => {
    const finding = assertOnly(
      withValues((v) => (v.serviceMonitor = { enabled: true })),
      { code: 'chart-unknown-key', severity: 'error', path: 'spec.values.serviceMonitor' },
    );
    assert.match(finding.fix, /prometheus\.monitor\.enabled/);
  });

  test('chart-unknown-key: a nested key under a key the chart reads', () => {
    assertOnly(
      withValues((v) => (v.livenessProbe = { enabled: true, httpGet: { path: '/health' } })),
      { code: 'chart-unknown-key', severity: 'error', path: 'spec.values.livenessProbe.httpGet' },
    );
  });

  test('chart-pdb-unknown-field: enabled in podDisruptionBudget', () => {
    assertOnly(
      withValues((v) => (v.podDisruptionBudget.enabled = true)),
      { code: 'chart-pdb-unknown-field', severity: 'error', path: 'spec.values.podDisruptionBudget.enabled' },
    );
  });

  test('chart-needs-net-bind-service: port 53 without NET_BIND_SERVICE', () => {
    assertOnly(
      withValues((v) => (v.securityContext.capabilities.add = [])),
      { code: 'chart-needs-net-bind-service', severity: 'error', path: 'spec.values.securityContext.capabilities.add' },
    );
  });

  test('chart-needs-net-bind-service is not needed when every server listens above 1023', () => {
    assert.deepEqual(
      withValues((v) => {
        v.securityContext.capabilities.add = [];
        v.servers = [{ port: 1053, zones: [{ zone: '.' }], plugins: [] }];
      }),
      [],
    );
  });

  test('chart-spread-selects-nothing: a spread on k8s-app=kube-dns without k8sAppLabelOverride', () => {
    const finding = assertOnly(
      withValues((v) => delete v.k8sAppLabelOverride),
      { code: 'chart-spread-selects-nothing', severity: 'error', path: 'spec.values.topologySpreadConstraints[0].labelSelector' },
    );
    assert.match(finding.message, /k8s-app=kube-dns/);
  });
});

describe('replicas and PDB', () => {
  test('replicas-invalid: replicaCount that is not a whole number after substitution', () => {
    assertOnly(
      withValues((v) => (v.replicaCount = 'two')),
      { code: 'replicas-invalid', severity: 'error', path: 'spec.values.replicaCount', message: /"two"/ },
    );
  });

  test('pdb-blocks-eviction: minAvailable 1 with one replica', () => {
    assertOnly(
      withValues((v) => (v.replicaCount = 1)),
      { code: 'pdb-blocks-eviction', severity: 'error', path: 'spec.values.podDisruptionBudget', message: /1 replica the PDB/ },
    );
  });

  test('pdb-blocks-eviction is not reported when an autoscaler sets the replicas', () => {
    assert.deepEqual(
      withValues((v) => {
        v.replicaCount = 1;
        v.hpa = { enabled: true, minReplicas: 2, maxReplicas: 4 };
      }),
      [],
    );
  });
});
