import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHART_OCI_URL, CHART_VERSIONS } from '../../../src/model/index.js';
import { assertOnly, chartSpec, check, coreDnsObjects, coreDnsValues, helmRelease, helmRepository, ociRepository } from './support.js';

/** A CoreDNS release pulled through chartRef from an OCIRepository at `url`. */
const viaOci = (url: string, tag = '1.38.1') =>
  coreDnsObjects((o) => {
    o.repository = ociRepository('coredns', url, tag);
    delete o.release.spec.chart;
    o.release.spec.chartRef = { kind: 'OCIRepository', name: 'coredns' };
  });

describe('HelmRelease', () => {
  test('helmrelease-chart-xor-chartref: both spec.chart and spec.chartRef', () => {
    const findings = check(coreDnsObjects((o) => (o.release.spec.chartRef = { kind: 'OCIRepository', name: 'coredns' })));
    // The chartRef is unresolved too, but the chart comes from spec.chart: only the xor is reported.
    assertOnly(findings, { code: 'helmrelease-chart-xor-chartref', severity: 'error', path: 'spec', object: 'HelmRelease/kube-system/coredns', message: /both/ });
  });

  test('chartRef-unresolved: a chartRef to an OCIRepository that is not defined', () => {
    const findings = check(viaOci(CHART_OCI_URL).filter((o) => o.kind !== 'OCIRepository'));
    assertOnly(findings, { code: 'chartRef-unresolved', severity: 'error', path: 'spec.chartRef', message: /OCIRepository kube-system\/coredns/ });
  });

  test('chart-version-invalid: a chart version that is not a semver range', () => {
    const findings = check([helmRepository('jetstack', 'kube-system'), helmRelease('cert-manager', { chart: chartSpec('cert-manager', 'v1.x.y.z', 'jetstack') })]);
    assertOnly(findings, { code: 'chart-version-invalid', severity: 'error', path: 'spec.chart.spec.version', message: /v1\.x\.y\.z/ });
  });

  test('chart-version-invalid is not reported for ranges helm-controller accepts', () => {
    for (const version of ['1.38.0', '>=1.38.0 <1.39.0', '1.38.x', '~1.38', '*']) {
      assert.deepEqual(check([helmRepository('jetstack'), helmRelease('cert-manager', { chart: chartSpec('cert-manager', version, 'jetstack') })]), [], version);
    }
  });

  test('helmrelease-duplicate: two HelmReleases installing one chart under one release name', () => {
    const second = helmRelease('dns', { chart: chartSpec('podinfo', '6.7.0'), releaseName: 'podinfo' });
    const findings = check([helmRepository('podinfo'), helmRelease('podinfo', { chart: chartSpec('podinfo', '6.7.0') }), second]);
    const finding = assertOnly(findings, { code: 'helmrelease-duplicate', severity: 'error', path: 'metadata.name', object: 'HelmRelease/kube-system/dns' });
    assert.match(finding.message, /like HelmRelease\/kube-system\/podinfo/);
  });

  test('helmrelease-duplicate is not reported for one release name in two target namespaces', () => {
    const release = (name: string, targetNamespace: string) => helmRelease(name, { chart: chartSpec('podinfo', '6.7.0'), releaseName: 'podinfo', targetNamespace });
    assert.deepEqual(check([helmRepository('podinfo'), release('a', 'team-a'), release('b', 'team-b')]), []);
  });

  test('oci-version-not-published: a CoreDNS chart tag that never reached ghcr.io', () => {
    const findings = check(viaOci(CHART_OCI_URL, '1.38.0'));
    assertOnly(findings, { code: 'oci-version-not-published', severity: 'error', path: 'spec.ref.tag', object: 'OCIRepository/kube-system/coredns' });
  });

  test('chart-no-profile: a CoreDNS chart version the validator has no profile of (one the catalogue does not list)', () => {
    const findings = check(coreDnsObjects((o) => (o.release.spec.chart.spec.version = '1.99.0')));
    assertOnly(findings, { code: 'chart-no-profile', severity: 'warning', path: 'spec.values', message: /coredns chart 1\.99\.0/ });
  });

  test('every catalogued CoreDNS chart version is checked against its own profile (no chart-no-profile)', () => {
    for (const { version } of CHART_VERSIONS) {
      assert.deepEqual(check(coreDnsObjects((o) => (o.release.spec.chart.spec.version = version))), [], version);
      // A key the chart ignores is found on every version, so the values were really checked.
      const wrong = check(coreDnsObjects((o) => ((o.release.spec.chart.spec.version = version), (o.release.spec.values.serviceMonitor = { enabled: true }))));
      assert.deepEqual(
        wrong.map((f) => f.code),
        ['chart-unknown-key'],
        version,
      );
    }
  });
});

describe('per-chart checks run only on releases of their chart', () => {
  const broken = () => ({ ...coreDnsValues(), serviceMonitor: { enabled: true }, replicaCount: 'two' });

  test('a chartRef to an OCIRepository whose URL ends in /coredns gets the CoreDNS checks', () => {
    const findings = check(viaOci(CHART_OCI_URL).map((o) => (o.kind === 'HelmRelease' ? { ...o, spec: { ...o.spec, values: broken() } } : o)));
    assert.deepEqual(findings.map((f) => f.code).sort(), ['chart-unknown-key', 'replicas-invalid']);
  });

  test('another chart with the same values gets schema and reference checks only', () => {
    const findings = check([helmRepository('podinfo'), helmRelease('podinfo', { chart: chartSpec('podinfo', '6.7.0'), values: broken() })]);
    assert.deepEqual(findings, []);
    const unresolved = check([helmRelease('podinfo', { chart: chartSpec('podinfo', '6.7.0'), values: broken(), bogus: true })]);
    assert.deepEqual(unresolved.map((f) => f.code).sort(), ['schema', 'sourceRef-unresolved']);
  });

  test('an OCIRepository whose URL merely contains coredns is another chart', () => {
    const findings = check(viaOci('oci://ghcr.io/example/coredns-extra').map((o) => (o.kind === 'HelmRelease' ? { ...o, spec: { ...o.spec, values: broken() } } : o)));
    assert.deepEqual(findings, []);
  });
});
