// Each new answer rejects bad input naming the field and the fix, before anything is written.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError, resolveCoreDnsConfig } from '../../src/index.js';
import { type BadAnswers, assertAnswersRefused } from '../support/bad-answers.js';

const INFRA = 'name: infra, serviceCidr: 10.245.0.0/16';
const APPS = 'name: apps, serviceCidr: 10.247.0.0/16';
/** Answers with `extra` added to the second cluster (index 1), or at the top level. */
const cluster = (extra: string) => `clusters:\n  - {${INFRA}}\n  - {${APPS}, ${extra}}\n`;
const top = (extra: string) => `clusters:\n  - {${INFRA}}\n${extra}\n`;

const BAD: BadAnswers[] = [
  {
    code: 'stub-domain-invalid',
    rule: 'a stub domain is a DNS name',
    answers: cluster('stubDomains: {"corp..example": [10.0.0.53]}'),
    field: 'clusters[1].stubDomains.corp..example',
    says: /not a DNS name/,
  },
  {
    code: 'stub-domain-cluster-zone',
    rule: 'a stub domain is not the cluster zone',
    answers: cluster('stubDomains: {cluster.local: [10.0.0.53]}'),
    field: 'clusters[1].stubDomains.cluster.local',
    says: /cluster's own server block/,
  },
  {
    code: 'upstream-invalid',
    rule: 'stub domain servers are IP addresses',
    answers: cluster('stubDomains: {corp.example: [dns.corp.example]}'),
    field: 'clusters[1].stubDomains.corp.example[0]',
    says: /not an IP address/,
  },
  { code: 'upstream-invalid', rule: 'a forwarder is an IP address', answers: cluster('forwarders: [one.one.one.one]'), field: 'clusters[1].forwarders[0]', says: /not an IP address/ },
  { code: 'upstream-invalid', rule: 'a default forwarder is an IP address', answers: top('defaults: {forwarders: [1.1.1.1, "9.9.9"]}'), field: 'defaults.forwarders[1]', says: /not an IP address/ },
  { code: 'upstreams-count', rule: 'forwarders are not empty', answers: cluster('forwarders: []'), field: 'clusters[1].forwarders', says: /has 0 entries/ },
  {
    code: 'host-address-invalid',
    rule: 'a hosts entry maps a name to an address',
    answers: cluster('hosts: {registry.local: not-an-ip}'),
    field: 'clusters[1].hosts.registry.local',
    says: /not an IP address/,
  },
  { code: 'host-name-invalid', rule: 'a hosts name is a DNS name', answers: cluster('hosts: {"bad name": 10.0.0.1}'), field: 'clusters[1].hosts.bad name', says: /not a DNS name/ },
  { code: 'setting-number-invalid', rule: 'cache ttl is a whole number of seconds', answers: top('defaults: {cache: {ttl: 0}}'), field: 'defaults.cache.ttl', says: /not between 1 and 86400/ },
  { code: 'placement-invalid', rule: 'placement is known', answers: cluster('placement: masters'), field: 'clusters[1].placement', says: /not a placement/ },
  { code: 'autoscaler-min-above-max', rule: 'autoscaler min is not above max', answers: cluster('autoscaler: {min: 5, max: 3}'), field: 'clusters[1].autoscaler', says: /min 5 is more than max 3/ },
  { code: 'setting-number-invalid', rule: 'autoscaler min at least 1', answers: cluster('autoscaler: {min: 0, max: 3}'), field: 'clusters[1].autoscaler.min', says: /not between 1 and 100/ },
  {
    code: 'values-key-unknown',
    rule: 'an override key the chart reads',
    answers: cluster('values: {image: {registry: mirror.gcr.io}}'),
    field: 'clusters[1].values.image.registry',
    says: /not a value coredns chart 1\.38\.0 reads/,
  },
  {
    code: 'values-shared-key',
    rule: 'an override the shared HelmRelease owns',
    answers: cluster('values: {resources: {limits: {cpu: 1}}}'),
    field: 'clusters[1].values.resources',
    says: /shared HelmRelease/,
  },
  {
    code: 'values-type-mismatch',
    rule: 'an override of the right shape',
    answers: cluster('values: {tolerations: {key: x}}'),
    field: 'clusters[1].values.tolerations',
    says: /is a list in the chart/,
  },
  {
    code: 'dns-ip-v6-invalid',
    rule: 'dnsIpV6 inside serviceCidrV6',
    answers: cluster('serviceCidrV6: "fd00:10:247::/112", dnsIpV6: "fd00:10:999::a"'),
    field: 'clusters[1].dnsIpV6',
    says: /not inside serviceCidrV6 fd00:10:247::\/112/,
  },
  { code: 'service-cidr-v6-invalid', rule: 'serviceCidrV6 is IPv6', answers: cluster('serviceCidrV6: 10.250.0.0/16'), field: 'clusters[1].serviceCidrV6', says: /not IPv6/ },
  { code: 'dns-ip-v6-without-cidr', rule: 'dnsIpV6 needs serviceCidrV6', answers: cluster('dnsIpV6: "fd00::a"'), field: 'clusters[1].dnsIpV6', says: /without serviceCidrV6/ },
  {
    code: 'suppress-aaaa-dual-stack',
    rule: 'no AAAA suppression on a dual-stack cluster',
    answers: cluster('serviceCidrV6: "fd00:10:247::/112", suppressAAAA: true'),
    field: 'clusters[1].suppressAAAA',
    says: /dual-stack/,
  },
  {
    code: 'monitoring-depends-on-invalid',
    rule: 'monitoring dependsOn names a Kustomization',
    answers: top('monitoring: {dependsOn: [Prometheus CRDs]}'),
    field: 'monitoring.dependsOn[0]',
    says: /not a Flux Kustomization name/,
  },
  {
    code: 'label-value-invalid',
    rule: 'monitoring labels are label values',
    answers: top('monitoring: {labels: {release: "kube prometheus"}}'),
    field: 'monitoring.labels.release',
    says: /not a Kubernetes label value/,
  },
  { code: 'drift-detection-invalid', rule: 'drift detection mode is known', answers: top('flux: {driftDetection: on}'), field: 'flux.driftDetection', says: /not a drift detection mode/ },
  { code: 'chart-interval-invalid', rule: 'chart interval is a duration', answers: top('flux: {chartInterval: hourly}'), field: 'flux.chartInterval', says: /not a duration/ },
  { code: 'answers-unknown-key', rule: 'no unknown keys in defaults', answers: top('defaults: {replicas: 3}'), field: 'defaults', says: /unknown key "replicas"/ },
];

describe('platform:coredns rejects bad settings before writing anything', () => {
  for (const bad of BAD) {
    test(`${bad.code}: ${bad.rule}`, () => assertAnswersRefused(bad));
  }

  test('several bad settings are reported together', () => {
    assert.throws(
      () => resolveCoreDnsConfig({ clusters: [{ name: 'a', serviceCidr: '10.0.0.0/16', forwarders: ['x'], autoscaler: { min: 4, max: 2 } }], flux: { driftDetection: 'x' } }),
      (error: InputError) =>
        error instanceof InputError &&
        error.issues
          .map((i) => i.path)
          .sort()
          .join(' ') === 'clusters[0].autoscaler clusters[0].forwarders[0] flux.driftDetection',
    );
  });
});
