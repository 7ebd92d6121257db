import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseServiceCidr, resolveCoreDnsConfig } from '../../src/index.js';
import { tempDir } from '../support/tree.js';
import { type Expected, refusedByCli, refusedByGenerator, runGenerator, storyRepo } from './refusal.js';

const CIDR_FIX = /fix: use the cluster's Service CIDR .*\/12 to \/28 for IPv4 or \/108 to \/124 for IPv6/;

/** platform:coredns on an empty folder with these options must refuse them. */
const refusedByCoredns = (options: Record<string, string>, expected: Expected) => {
  const dir = tempDir();
  return refusedByGenerator(dir, runGenerator('coredns', dir, { clusters: 'infra', ...options }), expected);
};

describe('addresses: only canonical IPv4 and zone-free IPv6', () => {
  test('010.245.0.0/16 (leading zero, read as octal 8 by ipaddr.js) is refused, not written as 8.245.0.10', async () => {
    await refusedByCoredns(
      { serviceCidrs: '010.245.0.0/16' },
      {
        field: 'clusters[0].serviceCidr',
        says: /"010\.245\.0\.0\/16" is not an IPv4 or IPv6 CIDR \("010\.245\.0\.0" has a leading zero in "010", which some tools read as octal/,
        fix: CIDR_FIX,
      },
    );
  });

  test('a dnsIp with a leading zero (10.245.0.010) is refused', async () => {
    await refusedByCoredns(
      { serviceCidrs: '10.245.0.0/16', dnsIps: '10.245.0.010' },
      {
        field: 'clusters[0].dnsIp',
        says: /"10\.245\.0\.010" has a leading zero in "010"/,
        fix: /fix: use an address inside 10\.245\.0\.0\/16, e\.g\. 10\.245\.0\.10/,
      },
    );
  });

  test('hex octets (0xa.245.0.0/16) are refused, not stored as given', async () => {
    await refusedByCoredns(
      { serviceCidrs: '0xa.245.0.0/16' },
      {
        field: 'clusters[0].serviceCidr',
        says: /"0xa\.245\.0\.0" has the hexadecimal part "0xa"; IPv4 addresses are four decimal numbers/,
        fix: CIDR_FIX,
      },
    );
  });

  test('a ClusterIP with a zone index (fd00:10:96::a%eth0, fe80::a%eth0) is refused', async () => {
    for (const dnsIps of ['fd00:10:96::a%eth0', 'fe80::a%eth0']) {
      await refusedByCoredns(
        { serviceCidrs: 'fd00:10:96::/112', dnsIps },
        {
          field: 'clusters[0].dnsIp',
          says: /has a zone index \("%eth0"\): it names a network interface of one host/,
          fix: /fix: use an address inside fd00:10:96::\/112, e\.g\. fd00:10:96::a/,
        },
      );
    }
  });

  test('10.245.0.0/16x and 10.245.0.10x from the command line are refused, each naming its field', () => {
    const args = ['coredns', '--clusters', 'a,b', '--service-cidrs', 'a=10.245.0.0/16x,b=10.247.0.0/16', '--dns-ips', 'b=10.247.0.10x', '--skip-validate'];
    const stderr = refusedByCli(tempDir(), args, {
      field: 'clusters[0].serviceCidr',
      says: /"10\.245\.0\.0\/16x" is not an IPv4 or IPv6 CIDR \(the prefix length "16x" is not a whole number from 0 to 32\)/,
      fix: CIDR_FIX,
    });
    assert.match(stderr, /- clusters\[1\]\.dnsIp: "10\.247\.0\.10x" is not an IP address \(IPv4: four decimal numbers from 0 to 255/);
  });

  test('platform:cluster refuses the same forms, naming its own options', async () => {
    const dir = await storyRepo();
    await refusedByGenerator(dir, runGenerator('cluster', dir, { name: 'edge', serviceCidr: '010.249.0.0/16' }), { field: '--service-cidr', says: /leading zero in "010"/ });
    await refusedByGenerator(dir, runGenerator('cluster', dir, { name: 'edge', serviceCidr: 'fd00:10:96::/112', dnsIp: 'fd00:10:96::a%eth0' }), { field: '--dns-ip', says: /zone index/ });
  });

  test('non-canonical IPv6 (FD00:0:0::0/108, FD00::A) is accepted and stored in RFC 5952 form (fd00::/108, fd00::a)', async () => {
    const dir = await storyRepo();
    await runGenerator('cluster', dir, { name: 'edge', serviceCidr: 'FD00:0:0::0/108', dnsIp: 'FD00:0:0::A' });
    const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns;
    assert.deepEqual(stored.clusters.at(-1), { name: 'edge', serviceCidr: 'fd00::/108', dnsIp: 'fd00::a', replicas: 2 });
    assert.match(readFileSync(join(dir, 'kubernetes/clusters/edge/cluster-settings.yaml'), 'utf8'), /COREDNS_CLUSTER_IP: "fd00::a"/);
  });

  test('the model parses only canonical forms and the RFC 4291 IPv6 grammar', () => {
    const refused = ['10.245.0.0/016', '10.245.0.0/', '10.245.0/16', '1.2.3.4.5/16', ':::/108', 'fd00::1::/108', 'fd00:::/108', 'g::/108', '::ffff:10.0.0.0/108', 'fd00::10.0.0.010/108'];
    for (const text of refused) assert.equal(typeof parseServiceCidr(text), 'string', text);
    assert.match(parseServiceCidr('::ffff:10.0.0.0/116') as string, /IPv4-mapped IPv6 address, which Kubernetes reads as the IPv4 address 10\.0\.0\.0/);
    const config = resolveCoreDnsConfig({
      clusters: [
        { name: 'a', serviceCidr: 'fd00:0:0:0:0:0:0:0/108' },
        { name: 'b', serviceCidr: 'FD00:0000::0.0.16.0/116' },
      ],
    });
    assert.deepEqual(
      config.clusters.map((c) => [c.serviceCidr, c.dnsIp]),
      [
        ['fd00::/108', 'fd00::a'],
        ['fd00::1000/116', 'fd00::100a'],
      ],
    );
  });
});
