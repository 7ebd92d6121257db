import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertOnly, check, checkRendered, coreDnsObjects, fluxKs, helmRepository, rendered } from './support.js';

describe('Flux objects', () => {
  test('api-removed: a HelmRepository on source.toolkit.fluxcd.io/v1beta2', () => {
    const findings = check(coreDnsObjects((o) => (o.repository.apiVersion = 'source.toolkit.fluxcd.io/v1beta2')));
    assertOnly(findings, { code: 'api-removed', severity: 'error', path: 'apiVersion', object: 'HelmRepository/kube-system/coredns', message: /no longer served/ });
  });

  test('schema: an unknown field of a Flux Kustomization', () => {
    const findings = check(coreDnsObjects((o) => (o.ks.spec.prunee = true)));
    assertOnly(findings, { code: 'schema', severity: 'error', path: 'spec', object: 'Kustomization/flux-system/coredns', message: /unknown field "prunee"/ });
  });

  test('flux-healthchecks-ignored: healthChecks beside wait: true', () => {
    const findings = check(coreDnsObjects((o) => (o.ks.spec.healthChecks = [{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'coredns', namespace: 'kube-system' }])));
    assertOnly(findings, { code: 'flux-healthchecks-ignored', severity: 'warning', path: 'spec.healthChecks' });
  });

  test('dependsOn-unresolved: a dependency the cluster does not apply', () => {
    const findings = check(coreDnsObjects((o) => (o.ks.spec.dependsOn = [{ name: 'cilium-core' }])));
    assertOnly(findings, { code: 'dependsOn-unresolved', severity: 'error', path: 'spec.dependsOn[0]', message: /flux-system\/cilium-core/ });
  });

  test('sourceRef-unresolved: a Kustomization source that is not defined', () => {
    const findings = check(coreDnsObjects((o) => (o.ks.spec.sourceRef = { kind: 'GitRepository', name: 'platform' })));
    assertOnly(findings, { code: 'sourceRef-unresolved', severity: 'error', path: 'spec.sourceRef', message: /GitRepository flux-system\/platform/ });
  });

  test('sourceRef-unresolved: a HelmRelease chart source that is not defined', () => {
    const findings = check(coreDnsObjects((o) => (o.repository.metadata.name = 'coredns-charts')));
    assertOnly(findings, { code: 'sourceRef-unresolved', severity: 'error', path: 'spec.chart.spec.sourceRef', object: 'HelmRelease/kube-system/coredns' });
  });

  test('dependsOn-cycle: three Kustomizations waiting on each other, reported once, naming the ring', () => {
    const dependsOn = (name: string) => ({ dependsOn: [{ name: 'cilium-core' }, { name }] });
    const findings = check([fluxKs('cilium-core'), fluxKs('c', dependsOn('a')), fluxKs('a', dependsOn('b')), fluxKs('b', dependsOn('c'))]);
    const finding = assertOnly(findings, { code: 'dependsOn-cycle', severity: 'error', path: 'spec.dependsOn[1]', object: 'Kustomization/flux-system/a' });
    assert.match(finding.message, /flux-system\/a -> flux-system\/b -> flux-system\/c -> flux-system\/a/);
  });

  test('dependsOn-cycle: a Kustomization that depends on itself', () => {
    assertOnly(check([fluxKs('a', { dependsOn: [{ name: 'a' }] })]), { code: 'dependsOn-cycle', severity: 'error', path: 'spec.dependsOn[0]', message: /flux-system\/a -> flux-system\/a/ });
  });

  test('dependsOn without a cycle (a diamond) is not a cycle', () => {
    const findings = check([
      fluxKs('base'),
      fluxKs('left', { dependsOn: [{ name: 'base' }] }),
      fluxKs('right', { dependsOn: [{ name: 'base' }] }),
      fluxKs('top', { dependsOn: [{ name: 'left' }, { name: 'right' }] }),
    ]);
    assert.deepEqual(findings, []);
  });

  test('duplicate-object: one HelmRepository applied by two Flux Kustomizations, naming both', () => {
    const findings = checkRendered([
      ...rendered([fluxKs('apps'), fluxKs('infra')]),
      ...rendered([helmRepository()], 'Kustomization/flux-system/infra'),
      ...rendered([helmRepository()], 'Kustomization/flux-system/apps'),
    ]);
    const finding = assertOnly(findings, { code: 'duplicate-object', severity: 'error', path: undefined, object: 'HelmRepository/kube-system/coredns' });
    assert.match(finding.message, /Kustomization\/flux-system\/infra and Kustomization\/flux-system\/apps/);
  });

  test("duplicate-object is not reported for bootstrap's flux-system Kustomization re-applying the cluster directory", () => {
    const sync = fluxKs('flux-system', { path: './kubernetes/clusters/infra' });
    const own = [
      { object: sync, file: 'kubernetes/clusters/infra/flux-system/gotk-sync.yaml' },
      { object: helmRepository(), file: 'kubernetes/clusters/infra/sources.yaml' },
    ];
    const again = own.map((entry) => ({ ...entry, appliedBy: 'Kustomization/flux-system/flux-system' }));
    assert.deepEqual(checkRendered([...own, ...again]), []);
    const elsewhere = { object: helmRepository(), file: 'kubernetes/apps/sources.yaml', appliedBy: 'Kustomization/flux-system/apps' };
    assertOnly(checkRendered([...own, ...again, { object: fluxKs('apps'), file: 'kubernetes/clusters/infra/apps.yaml' }, elsewhere]), {
      code: 'duplicate-object',
      severity: 'error',
      path: undefined,
      object: 'HelmRepository/kube-system/coredns',
    });
  });

  test('duplicate-object: the same name in two namespaces is two objects', () => {
    const findings = checkRendered([...rendered([helmRepository('coredns', 'a')], 'Kustomization/flux-system/x'), ...rendered([helmRepository('coredns', 'b')], 'Kustomization/flux-system/y')]);
    assert.deepEqual(findings, []);
  });
});

describe('api-removed follows the Flux the cluster installs', () => {
  const v1beta2 = (extra: Record<string, any>[]) => check([...coreDnsObjects((o) => (o.repository.apiVersion = 'source.toolkit.fluxcd.io/v1beta2')), ...extra]);
  const gotkNamespace = (version: string) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'flux-system', labels: { 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/version': version } },
  });
  const instance = (version: string) => ({
    apiVersion: 'fluxcd.controlplane.io/v1',
    kind: 'FluxInstance',
    metadata: { name: 'flux', namespace: 'flux-system' },
    spec: { distribution: { version, registry: 'ghcr.io/fluxcd' } },
  });

  test('gotk-components of Flux 2.4: served, a warning naming the upgrade it blocks', () => {
    assertOnly(v1beta2([gotkNamespace('v2.4.0')]), { code: 'api-removed', severity: 'warning', path: 'apiVersion', message: /served by Flux v2\.4\.0 .*removed in Flux 2\.8: it blocks that upgrade/ });
  });

  test('a FluxInstance pinning 2.8.x: an error', () => {
    assertOnly(v1beta2([instance('2.8.x')]), { code: 'api-removed', severity: 'error', path: 'apiVersion', message: /no longer served by Flux 2\.8\.x \(FluxInstance\/flux-system\/flux in / });
  });

  test('a pinned flux-manifests OCIRepository of 2.7: HelmRelease v2beta1 (removed in 2.7) is an error, v1beta2 a warning', () => {
    const manifests = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'flux-manifests', namespace: 'flux-system' },
      spec: { url: 'oci://ghcr.io/fluxcd/flux-manifests', ref: { tag: 'v2.7.3' } },
    };
    const findings = check([...coreDnsObjects((o) => ((o.repository.apiVersion = 'source.toolkit.fluxcd.io/v1beta2'), (o.release.apiVersion = 'helm.toolkit.fluxcd.io/v2beta1'))), manifests]).filter(
      (f) => f.code === 'api-removed',
    );
    assert.deepEqual(findings.map((f) => [f.object, f.severity]).sort(), [
      ['HelmRelease/kube-system/coredns', 'error'],
      ['HelmRepository/kube-system/coredns', 'warning'],
    ]);
  });

  test('a range (2.x) pins nothing: judged against the newest Flux, saying so', () => {
    assertOnly(v1beta2([instance('2.x')]), { code: 'api-removed', severity: 'error', path: 'apiVersion', message: /pins no Flux version/ });
  });
});
