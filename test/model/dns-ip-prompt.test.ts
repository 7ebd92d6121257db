// The prompts' DNS ClusterIP default and check are the model's: one rule, asked early.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError, dnsIpProblem, resolveCoreDnsConfig, suggestedDnsIp } from '../../src/index.js';

const CASES: readonly (readonly [string, string])[] = [
  ['10.245.0.0/16', '10.245.0.10'],
  ['10.245.0.0/16', '10.247.0.10'],
  ['10.245.0.0/16', '10.245.0.0'],
  ['10.245.0.0/16', '10.245.255.255'],
  ['10.245.0.0/16', 'dns.local'],
  ['fd00:10:96::/112', 'fd00:10:96::a'],
  ['fd00:10:96::/112', '10.245.0.10'],
  ['10.96.0.0/12', '10.111.255.254'],
];

test('dnsIpProblem accepts exactly the addresses the model accepts', () => {
  for (const [serviceCidr, dnsIp] of CASES) {
    let modelAccepts = true;
    try {
      resolveCoreDnsConfig({ clusters: [{ name: 'infra', serviceCidr, dnsIp }] });
    } catch (error) {
      assert.ok(error instanceof InputError);
      modelAccepts = false;
    }
    assert.equal(dnsIpProblem(dnsIp, serviceCidr) === undefined, modelAccepts, `${dnsIp} in ${serviceCidr}: ${dnsIpProblem(dnsIp, serviceCidr)}`);
  }
});

test('suggestedDnsIp is the address the model fills in; nothing while the CIDR does not parse', () => {
  for (const serviceCidr of ['10.245.0.0/16', 'fd00:10:96::/112', '172.20.0.0/24']) {
    const resolved = resolveCoreDnsConfig({ clusters: [{ name: 'infra', serviceCidr }] });
    assert.equal(suggestedDnsIp(serviceCidr), resolved.clusters[0]!.dnsIp);
  }
  assert.equal(suggestedDnsIp('10.245.0.0'), undefined);
  assert.equal(dnsIpProblem('10.245.0.10', '10.245.0'), undefined, 'the CIDR prompt reports a bad CIDR, not this one');
});
