// The validators generated from the vendored CRDs, as the schema check reports them.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { crdValidator } from '../../../src/index.js';
import { ROOT } from '../../support/package-paths.js';
import { type Obj, assertOnly, check, coreDnsObjects, fluxKs, helmRelease, prometheusRule } from '../checks/support.js';

const CRDS = join(ROOT, 'src', 'validate', 'schemas', 'crds');

const serviceMonitor = (endpoint: Obj = { port: 'metrics', interval: '30s' }): Obj => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name: 'coredns', namespace: 'kube-system' },
  spec: { selector: { matchLabels: { 'k8s-app': 'kube-dns' } }, endpoints: [endpoint] },
});
const gitRepository = (spec: Obj): Obj => ({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'platform', namespace: 'flux-system' }, spec });

describe('validators generated from the vendored CRDs', () => {
  test('every served version of every vendored CRD has a validator, and the kinds the checks name are among them', () => {
    const served = readdirSync(CRDS)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((file) => {
        const { spec } = parse(readFileSync(join(CRDS, file), 'utf8'));
        return spec.versions.filter((v: Obj) => v.served).map((v: Obj) => `${spec.group}/${v.name}/${spec.names.kind}`);
      });
    for (const key of [
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'helm.toolkit.fluxcd.io/v2/HelmRelease',
      'source.toolkit.fluxcd.io/v1/HelmRepository',
      'source.toolkit.fluxcd.io/v1/OCIRepository',
      'source.toolkit.fluxcd.io/v1/GitRepository',
      'monitoring.coreos.com/v1/PrometheusRule',
      'monitoring.coreos.com/v1/ServiceMonitor',
    ]) {
      assert.ok(served.includes(key), `${key} is vendored`);
    }
    for (const key of served) assert.equal(typeof crdValidator(key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)), 'function', key);
  });

  test('kinds and versions not vendored, and keys that only look like export names, have no validator', () => {
    assert.equal(crdValidator('kustomize.config.k8s.io/v1beta1', 'Kustomization'), undefined);
    assert.equal(crdValidator('source.toolkit.fluxcd.io/v1beta2', 'OCIRepository'), undefined);
    assert.equal(crdValidator('kustomize_toolkit_fluxcd_io/v1', 'Kustomization'), undefined);
    assert.equal(crdValidator('kustomize.toolkit.fluxcd.io$v1', 'Kustomization'), undefined);
  });

  test('a Kustomization without prune: required by the CRD', () => {
    const findings = check(coreDnsObjects((o) => delete o.ks.spec.prune));
    assertOnly(findings, { code: 'schema', severity: 'error', path: 'spec', object: 'Kustomization/flux-system/coredns', message: /required property 'prune'/ });
  });

  test('an unknown field deep in a HelmRelease is reported where it is', () => {
    const findings = check(coreDnsObjects((o) => (o.release.spec.install = { remediation: { retriez: 3 } })));
    assertOnly(findings, { code: 'schema', severity: 'error', path: 'spec.install.remediation', object: 'HelmRelease/kube-system/coredns', message: /unknown field "retriez"/ });
  });

  test('HelmRelease values stay open (x-kubernetes-preserve-unknown-fields)', () => {
    const release = helmRelease('x', { chartRef: { kind: 'OCIRepository', name: 'x' }, values: { anything: { at: ['all'] } } });
    assert.equal(crdValidator(release.apiVersion, release.kind)!(release), true);
  });

  test('a PrometheusRule expr is an integer or a string (x-kubernetes-int-or-string), nothing else', () => {
    const rule = prometheusRule('r', ['up == 0']);
    const validate = crdValidator(rule.apiVersion, rule.kind)!;
    rule.spec.groups[0].rules[0].expr = 1;
    assert.equal(validate(rule), true);
    rule.spec.groups[0].rules[0].expr = true;
    assert.equal(validate(rule), false);
    assert.deepEqual(
      validate.errors?.map((e) => [e.instancePath, e.message]),
      [['/spec/groups/0/rules/0/expr', 'must be integer,string']],
    );
  });

  test("Go's case-insensitive pattern flag is kept: partial_response_strategy takes WARN, not stop", () => {
    const rule = prometheusRule('r', ['up == 0']);
    const validate = crdValidator(rule.apiVersion, rule.kind)!;
    rule.spec.groups[0].partial_response_strategy = 'WARN';
    assert.equal(validate(rule), true);
    rule.spec.groups[0].partial_response_strategy = 'stop';
    assert.equal(validate(rule), false);
  });

  test('a ServiceMonitor is checked too: a misspelt endpoint field', () => {
    assert.deepEqual(check([serviceMonitor()]), []);
    const findings = check([serviceMonitor({ port: 'metrics', intervall: '30s' })]);
    assertOnly(findings, { code: 'schema', severity: 'error', path: 'spec.endpoints[0]', object: 'ServiceMonitor/kube-system/coredns', message: /unknown field "intervall"/ });
  });

  test('a GitRepository is checked too: interval and url are required, url is http(s) or ssh', () => {
    assert.deepEqual(check([gitRepository({ url: 'https://example.com/platform.git', interval: '5m', ref: { branch: 'main' } })]), []);
    const findings = check([gitRepository({ url: 'git@example.com:platform.git' })]);
    assert.deepEqual(
      findings.map((f) => [f.code, f.path]),
      [
        ['schema', 'spec'],
        ['schema', 'spec.url'],
      ],
      JSON.stringify(findings),
    );
    assert.match(findings[0]!.message, /required property 'interval'/);
  });

  test("metadata needs a name; labels are strings; status is the server's and passes", () => {
    const ks = fluxKs('a');
    const validate = crdValidator(ks.apiVersion, ks.kind)!;
    assert.equal(validate({ ...ks, status: { conditions: [] } }), true);
    assert.equal(validate({ ...ks, metadata: { namespace: 'flux-system' } }), false);
    assert.equal(validate({ ...ks, metadata: { name: 'a', labels: { enabled: true } } }), false);
    assert.deepEqual(
      validate.errors?.map((e) => e.instancePath),
      ['/metadata/labels/enabled'],
    );
  });
});
