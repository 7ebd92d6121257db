import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_CHART_VERSION,
  DEFAULT_METRICS_JOB,
  DEFAULT_REPLICAS,
  clusterIpProblem,
  coreDnsAnswersSchema,
  defaultChartSource,
  DNS_ADDRESS_INDEX,
  nthAddress,
  parseAddress,
  parseServiceCidr,
  resolveCoreDnsConfig,
  toStoredAnswers,
} from '../../src/index.js';

const cidr = (text: string) => {
  const parsed = parseServiceCidr(text);
  assert.ok(typeof parsed !== 'string', parsed as string);
  return parsed;
};

describe('service CIDR math', () => {
  test('the DNS address is the 10th address of the range', () => {
    assert.equal(nthAddress(cidr('10.245.0.0/16'), DNS_ADDRESS_INDEX), '10.245.0.10');
    assert.equal(nthAddress(cidr('10.96.0.0/12'), DNS_ADDRESS_INDEX), '10.96.0.10');
    assert.equal(nthAddress(cidr('172.20.0.240/28'), 4), '172.20.0.244');
    assert.equal(nthAddress(cidr('fd00:10:96::/112'), DNS_ADDRESS_INDEX), 'fd00:10:96::a');
  });

  test('an address inside the range, not its network or broadcast address, is a valid ClusterIP', () => {
    const range = cidr('10.245.0.0/16');
    const ip = (text: string) => parseAddress(text) as Exclude<ReturnType<typeof parseAddress>, string>;
    assert.equal(clusterIpProblem(range, ip('10.245.0.10')), undefined);
    assert.equal(clusterIpProblem(range, ip('10.245.255.254')), undefined);
    assert.match(clusterIpProblem(range, ip('10.245.0.0'))!, /network address/);
    assert.match(clusterIpProblem(range, ip('10.245.255.255'))!, /broadcast address/);
    assert.match(clusterIpProblem(range, ip('10.246.0.10'))!, /not inside/);
    // IPv6 has no broadcast address: the last one is usable.
    const v6 = cidr('fd00::/120');
    assert.equal(clusterIpProblem(v6, ip('fd00::ff')), undefined);
  });

  test('IPv4 shorthand forms are not addresses', () => {
    assert.equal(typeof parseAddress('10.245.10'), 'string');
    assert.equal(typeof parseAddress('0x0a.0.0.10'), 'string');
  });
});

describe('resolveCoreDnsConfig', () => {
  test('fills every default: dnsIp, replicas, chart version and source, dependsOn, alert settings', () => {
    const config = resolveCoreDnsConfig({ clusters: [{ name: 'edge', serviceCidr: '10.100.0.0/16' }] });
    assert.deepEqual(config.clusters, [{ name: 'edge', serviceCidr: '10.100.0.0/16', dnsIp: '10.100.0.10', replicas: 2 }]);
    assert.deepEqual(config.chart, { version: '1.38.0', source: 'helm' });
    assert.deepEqual(config.dependsOn, [], 'none: the front doors default it from the repository');
    assert.equal(config.settings.monitoring.enabled, true, 'absent is on, as earlier versions wrote');
    assert.equal(config.alerts.job, 'coredns-metrics');
    assert.equal(config.alerts.errorRatio.threshold, 0.05);
  });

  test('the chart source defaults to OCI from 1.38.1 on', () => {
    const at = (version: string) => resolveCoreDnsConfig({ clusters: [{ name: 'a', serviceCidr: '10.0.0.0/16' }], chart: { version } }).chart.source;
    assert.equal(at('1.38.0'), 'helm');
    assert.equal(at('1.37.3'), 'helm');
    assert.equal(at('1.38.1'), 'oci');
    assert.equal(at('1.40.0'), 'oci');
    assert.equal(at('2.0.0'), 'oci');
  });

  test('an empty dependsOn list means no dependency', () => {
    assert.deepEqual(resolveCoreDnsConfig({ clusters: [{ name: 'a', serviceCidr: '10.0.0.0/16' }], dependsOn: [] }).dependsOn, []);
    assert.deepEqual(resolveCoreDnsConfig({ clusters: [{ name: 'a', serviceCidr: '10.0.0.0/16' }], dependsOn: 'cilium-core, gateway' }).dependsOn, ['cilium-core', 'gateway']);
  });
});

describe('stored answers', () => {
  test('a preset rule is stored by name, with the fields an answers file changed', () => {
    const config = resolveCoreDnsConfig({
      clusters: [{ name: 'a', serviceCidr: '10.0.0.0/16' }],
      alerts: { rules: [{ preset: 'panics' }, { preset: 'errors-warning', severity: 'critical', group: 'extra' }] },
    });
    const stored = toStoredAnswers(config);
    assert.deepEqual(stored.alerts?.rules, [{ preset: 'panics' }, { preset: 'errors-warning', severity: 'critical', group: 'extra' }]);
    assert.deepEqual(resolveCoreDnsConfig(stored), config, 'the stored answers resolve to the same config');
  });
});

describe('the answers schema owns the fixed defaults', () => {
  const minimal = { clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }] };

  test('a minimal answer gets every fixed default from the schema, and nothing derived', () => {
    const parsed = coreDnsAnswersSchema.parse(minimal);
    assert.equal(parsed.clusters[0]!.replicas, DEFAULT_REPLICAS);
    assert.equal(parsed.clusters[0]!.dnsIp, undefined, 'derived from the Service CIDR in resolve, not a fixed default');
    assert.deepEqual(parsed.chart, { version: DEFAULT_CHART_VERSION });
    assert.deepEqual(parsed.dependsOn, []);
    assert.deepEqual(parsed.serviceMonitorLabels, {});
    assert.deepEqual(parsed.alerts, {
      job: DEFAULT_METRICS_JOB,
      absent: { for: '5m', severity: 'critical' },
      down: { for: '5m', severity: 'critical' },
      errorRatio: { for: '10m', severity: 'warning', threshold: 0.05 },
      latency: { for: '10m', severity: 'warning', p99Seconds: 1 },
      rules: [],
    });
  });

  test('a given value wins over its default, one field of a nested object at a time', () => {
    const parsed = coreDnsAnswersSchema.parse({ ...minimal, alerts: { down: { for: '2m' } }, dependsOn: ['calico'] });
    assert.deepEqual(parsed.alerts.down, { for: '2m', severity: 'critical' });
    assert.deepEqual(parsed.dependsOn, ['calico']);
  });

  test('default lists and maps are fresh for every parse', () => {
    const first = coreDnsAnswersSchema.parse(minimal);
    (first.dependsOn as string[]).push('changed');
    first.serviceMonitorLabels['changed'] = 'yes';
    const second = coreDnsAnswersSchema.parse(minimal);
    assert.deepEqual(second.dependsOn, []);
    assert.deepEqual(second.serviceMonitorLabels, {});
  });

  test('resolve keeps the schema defaults and fills the derived ones', () => {
    const config = resolveCoreDnsConfig(minimal);
    assert.equal(config.clusters[0]!.replicas, DEFAULT_REPLICAS);
    assert.equal(config.clusters[0]!.dnsIp, '10.245.0.10');
    assert.deepEqual(config.chart, { version: DEFAULT_CHART_VERSION, source: defaultChartSource(DEFAULT_CHART_VERSION) });
  });
});
