import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_CLUSTER_NAME, resolveCoreDnsConfig } from '../../src/index.js';
import { tempDir } from '../support/tree.js';
import { refusedByGenerator, runGenerator } from './refusal.js';

const refused = (options: Record<string, string>, field: string, says: RegExp) => {
  const dir = tempDir();
  return refusedByGenerator(dir, runGenerator('coredns', dir, options), { field, says });
};

describe('sizes kube-apiserver and Flux allow', () => {
  test('IPv4 service CIDRs wider than /12 (/8, /0) are refused, naming the /12 limit', async () => {
    for (const cidr of ['10.0.0.0/8', '0.0.0.0/0']) {
      await refused(
        { clusters: 'infra', serviceCidrs: cidr },
        'clusters[0].serviceCidr',
        /is larger than kube-apiserver allows: a service range has at most 2\^20 addresses, so an IPv4 prefix must be \/12 or longer/,
      );
    }
  });

  test('IPv6 service CIDRs wider than /108 (/100) are refused, naming the /108 limit', async () => {
    await refused({ clusters: 'infra', serviceCidrs: 'fd00::/100' }, 'clusters[0].serviceCidr', /an IPv6 prefix must be \/108 or longer \(this one is \/100\)/);
  });

  test('the limits themselves (/12, /108) are accepted', () => {
    const config = resolveCoreDnsConfig({
      clusters: [
        { name: 'a', serviceCidr: '10.96.0.0/12' },
        { name: 'b', serviceCidr: 'fd00::/108' },
      ],
    });
    assert.deepEqual(
      config.clusters.map((c) => c.dnsIp),
      ['10.96.0.10', 'fd00::a'],
    );
  });

  test('a cluster name whose Flux object cluster-<name>-infrastructure exceeds 63 characters is refused, naming the limit', async () => {
    const name = 'a'.repeat(MAX_CLUSTER_NAME + 1);
    const message = await refused(
      { clusters: name, serviceCidrs: '10.245.0.0/16' },
      'clusters[0].name',
      new RegExp(`makes the Flux Kustomization name cluster-${name}-infrastructure 64 characters long; .* at most 63`),
    );
    assert.match(message, new RegExp(`fix: .*at most ${MAX_CLUSTER_NAME} characters`));
  });

  test(`the longest cluster name is ${MAX_CLUSTER_NAME} characters ("cluster-" + name + "-infrastructure" = 63)`, () => {
    assert.equal(`cluster-${'a'.repeat(MAX_CLUSTER_NAME)}-infrastructure`.length, 63);
    assert.equal(resolveCoreDnsConfig({ clusters: [{ name: 'a'.repeat(MAX_CLUSTER_NAME), serviceCidr: '10.245.0.0/16' }] }).clusters[0]!.name.length, MAX_CLUSTER_NAME);
  });
});
