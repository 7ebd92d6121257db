import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { coreDnsOnAnswersFile } from '../support/story-repo.js';
import { type BadAnswers, assertAnswersRefused } from '../support/bad-answers.js';
import { snapshotTree, tempDir } from '../support/tree.js';

const ok = (cluster: string) => `clusters:\n  - ${cluster}\n`;

/** One entry per validation rule of the coredns answers. */
const BAD_INPUTS: BadAnswers[] = [
  { code: 'cluster-name-invalid', rule: 'cluster name must be a DNS label', answers: ok('{name: Infra_1, serviceCidr: 10.245.0.0/16}'), field: 'clusters[0].name', says: /not a DNS label/ },
  { code: 'cluster-name-invalid', rule: 'cluster name at most 63 characters', answers: ok(`{name: ${'a'.repeat(64)}, serviceCidr: 10.245.0.0/16}`), field: 'clusters[0].name', says: /longer than 63/ },
  { code: 'cluster-name-invalid', rule: 'cluster name without line breaks', answers: ok('{name: "in\\nfra", serviceCidr: 10.245.0.0/16}'), field: 'clusters[0].name', says: /line break/ },
  { code: 'cluster-name-invalid', rule: 'cluster name without ${', answers: ok('{name: "${X}", serviceCidr: 10.245.0.0/16}'), field: 'clusters[0].name', says: /Flux would substitute/ },
  {
    code: 'cluster-name-duplicate',
    rule: 'cluster names are unique',
    answers: 'clusters:\n  - {name: infra, serviceCidr: 10.245.0.0/16}\n  - {name: infra, serviceCidr: 10.247.0.0/16}\n',
    field: 'clusters[1].name',
    says: /already used by clusters\[0\]/,
  },
  { code: 'clusters-empty', rule: 'at least one cluster', answers: 'clusters: []\n', field: 'clusters', says: /no cluster/ },
  { code: 'service-cidr-invalid', rule: 'service CIDR needs a prefix', answers: ok('{name: infra, serviceCidr: 10.245.0.0}'), field: 'clusters[0].serviceCidr', says: /no prefix length/ },
  { code: 'service-cidr-invalid', rule: 'service CIDR must parse', answers: ok('{name: infra, serviceCidr: 10.245.0.300/16}'), field: 'clusters[0].serviceCidr', says: /not an IPv4 or IPv6 CIDR/ },
  { code: 'service-cidr-invalid', rule: 'service CIDR without host bits', answers: ok('{name: infra, serviceCidr: 10.245.0.1/16}'), field: 'clusters[0].serviceCidr', says: /host bits set/ },
  { code: 'service-cidr-invalid', rule: 'service CIDR big enough', answers: ok('{name: infra, serviceCidr: 10.245.0.0/30}'), field: 'clusters[0].serviceCidr', says: /too small/ },
  { code: 'dns-ip-invalid', rule: 'DNS IP must be an address', answers: ok('{name: infra, serviceCidr: 10.245.0.0/16, dnsIp: dns.local}'), field: 'clusters[0].dnsIp', says: /not an IP address/ },
  {
    code: 'dns-ip-outside-range',
    rule: 'DNS IP inside the CIDR',
    answers: ok('{name: infra, serviceCidr: 10.245.0.0/16, dnsIp: 10.247.0.10}'),
    field: 'clusters[0].dnsIp',
    says: /not inside serviceCidr 10\.245\.0\.0\/16/,
  },
  {
    code: 'dns-ip-outside-range',
    rule: 'DNS IP not the network address',
    answers: ok('{name: infra, serviceCidr: 10.245.0.0/16, dnsIp: 10.245.0.0}'),
    field: 'clusters[0].dnsIp',
    says: /network address/,
  },
  {
    code: 'dns-ip-outside-range',
    rule: 'DNS IP not the broadcast address',
    answers: ok('{name: infra, serviceCidr: 10.245.0.0/16, dnsIp: 10.245.255.255}'),
    field: 'clusters[0].dnsIp',
    says: /broadcast address/,
  },
  {
    code: 'dns-ip-outside-range',
    rule: 'DNS IP of the CIDR family',
    answers: ok('{name: infra, serviceCidr: "fd00:10:96::/112", dnsIp: 10.245.0.10}'),
    field: 'clusters[0].dnsIp',
    says: /IPv4 but serviceCidr/,
  },
  { code: 'replicas-invalid', rule: 'replicas a whole number', answers: ok('{name: infra, serviceCidr: 10.245.0.0/16, replicas: 1.5}'), field: 'clusters[0].replicas', says: /not a whole number/ },
  { code: 'replicas-invalid', rule: 'replicas at least 1', answers: ok('{name: infra, serviceCidr: 10.245.0.0/16, replicas: 0}'), field: 'clusters[0].replicas', says: /less than 1/ },
  {
    code: 'answers-wrong-type',
    rule: 'replicas a number, not text',
    answers: ok('{name: infra, serviceCidr: 10.245.0.0/16, replicas: two}'),
    field: 'clusters[0].replicas',
    says: /expected a whole number, got string "two"/,
  },
  {
    code: 'chart-version-invalid',
    rule: 'chart version MAJOR.MINOR.PATCH',
    answers: `${ok('{name: infra, serviceCidr: 10.245.0.0/16}')}chart: {version: latest}\n`,
    field: 'chart.version',
    says: /not a chart version/,
  },
  {
    code: 'chart-source-invalid',
    rule: 'chart source helm or oci',
    answers: `${ok('{name: infra, serviceCidr: 10.245.0.0/16}')}chart: {version: 1.38.1, source: git}\n`,
    field: 'chart.source',
    says: /not a chart source/,
  },
  {
    code: 'chart-source-not-on-oci',
    rule: 'OCI only for versions published there',
    answers: `${ok('{name: infra, serviceCidr: 10.245.0.0/16}')}chart: {version: 1.38.0, source: oci}\n`,
    field: 'chart.source',
    says: /never published to OCI.*1\.38\.1/,
  },
  {
    code: 'depends-on-invalid',
    rule: 'dependsOn names a Kubernetes object',
    answers: `${ok('{name: infra, serviceCidr: 10.245.0.0/16}')}dependsOn: [Cilium Core]\n`,
    field: 'dependsOn[0]',
    says: /not a Kubernetes object name/,
  },
  {
    code: 'answers-unknown-key',
    rule: 'no unknown keys in the answers',
    answers: `${ok('{name: infra, serviceCidr: 10.245.0.0/16}')}replicas: 2\n`,
    field: '(top level)',
    says: /unknown key "replicas"/,
  },
  {
    code: 'answers-unknown-key',
    rule: 'no unknown keys in a cluster',
    answers: ok('{name: infra, serviceCidr: 10.245.0.0/16, clusterIP: 10.245.0.10}'),
    field: 'clusters[0]',
    says: /unknown key "clusterIP"/,
  },
  { code: 'answers-wrong-type', rule: 'clusters is a list', answers: 'clusters: {name: infra}\n', field: 'clusters', says: /expected array, got a map/ },
  { code: 'answers-file-syntax', rule: 'answers file is valid YAML', answers: 'clusters: [\n', field: '--answers', says: /not valid YAML or JSON/ },
  {
    code: 'alert-threshold-invalid',
    rule: 'alert threshold is a ratio',
    answers: `${ok('{name: infra, serviceCidr: 10.245.0.0/16}')}alerts: {errorRatio: {threshold: 5}}\n`,
    field: 'alerts.errorRatio.threshold',
    says: /between 0 and 1/,
  },
  {
    code: 'alert-for-invalid',
    rule: 'alert for is a duration',
    answers: `${ok('{name: infra, serviceCidr: 10.245.0.0/16}')}alerts: {latency: {for: ten minutes}}\n`,
    field: 'alerts.latency.for',
    says: /not a Prometheus duration/,
  },
  {
    code: 'alert-severity-invalid',
    rule: 'alert severity is known',
    answers: `${ok('{name: infra, serviceCidr: 10.245.0.0/16}')}alerts: {down: {severity: page}}\n`,
    field: 'alerts.down.severity',
    says: /not a known severity/,
  },
  {
    code: 'label-value-invalid',
    rule: 'ServiceMonitor labels are label values',
    answers: `${ok('{name: infra, serviceCidr: 10.245.0.0/16}')}serviceMonitorLabels: {release: "kube prometheus"}\n`,
    field: 'serviceMonitorLabels.release',
    says: /not a Kubernetes label value/,
  },
];

describe('platform:coredns rejects bad input before writing anything', () => {
  for (const bad of BAD_INPUTS) {
    test(`${bad.code}: ${bad.rule}`, () => assertAnswersRefused(bad));
  }

  test('reports every problem at once, each with its path', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), 'clusters:\n  - {name: A, serviceCidr: 10.0.0.0/16, dnsIp: 10.1.0.1, replicas: 0}\n');
    await assert.rejects(coreDnsOnAnswersFile(dir), (error: Error) => {
      assert.match(error.message, /3 problems/);
      for (const field of ['clusters[0].name', 'clusters[0].replicas', 'clusters[0].dnsIp']) assert.ok(error.message.includes(field), field);
      return true;
    });
  });
});

describe('platform:coredns and files it must edit', () => {
  test('a cluster-settings.yaml that does not parse stops the run, naming the file, and nothing is written', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), 'clusters:\n  - {name: infra, serviceCidr: 10.245.0.0/16}\n');
    mkdirSync(join(dir, 'kubernetes/clusters/infra'), { recursive: true });
    writeFileSync(join(dir, 'kubernetes/clusters/infra/cluster-settings.yaml'), 'data:\n  A: "1\n  B: [\n');
    const before = snapshotTree(dir);
    await assert.rejects(coreDnsOnAnswersFile(dir), /kubernetes\/clusters\/infra\/cluster-settings\.yaml: is not valid YAML \(line \d+\)[\s\S]*fix: /);
    assert.deepEqual(snapshotTree(dir), before);
  });
});
