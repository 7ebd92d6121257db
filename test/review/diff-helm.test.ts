// diff --helm: a chart bump's real effect, the objects Helm renders, reviewed per cluster.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CoreDnsAnswers, generateCoreDnsRepo } from '../../src/index.js';
import { diffRepo } from '../../src/review/index.js';
import { commitAll, gitInit } from './support/git-repo.js';
import { tempDir } from '../support/tree.js';

const RELEASE = 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml';
const ANSWERS: CoreDnsAnswers = {
  clusters: [
    { name: 'apps', serviceCidr: '10.247.0.0/16', dnsIp: '10.247.0.10', replicas: 2 },
    { name: 'infra', serviceCidr: '10.245.0.0/16', dnsIp: '10.245.0.10', replicas: 2 },
  ],
  chart: { version: '1.38.0', source: 'helm' },
  dependsOn: [],
};

describe('platform-gitops diff --helm', () => {
  const dir = tempDir('gp-diff-helm-');
  const cache = join(dir, '.chart-cache');
  let initial = '';
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(() => {
    gitInit(dir);
    generateCoreDnsRepo(dir, ANSWERS);
    initial = commitAll(dir, 'chart 1.38.0');
    const text = readFileSync(join(dir, RELEASE), 'utf8');
    assert.ok(text.includes('version: 1.38.0'));
    // 1.38.0 ships CoreDNS 1.11.4, 1.39.0 ships 1.12.0 (both versions ship with the package).
    writeFileSync(join(dir, RELEASE), text.replace('version: 1.38.0', 'version: 1.39.0'));
    commitAll(dir, 'chart 1.39.0');
    mkdirSync(cache);
  });

  test("a chart bump shows each cluster's rendered Deployment changing its image, which the plain diff cannot see", async () => {
    const withHelm = await diffRepo({ repo: dir, base: initial, helm: { chartCache: cache } });
    assert.deepEqual(
      withHelm.clusters.map((c) => c.name),
      ['apps', 'infra'],
    );
    for (const cluster of withHelm.clusters) {
      const deployment = cluster.changed.find((o) => o.kind === 'Deployment' && o.name === 'coredns');
      assert.ok(deployment, `${cluster.name}: the rendered Deployment changed`);
      assert.match(deployment.diff, /-\s+image: coredns\/coredns:1\.11\.4/);
      assert.match(deployment.diff, /\+\s+image: coredns\/coredns:1\.12\.0/);
    }
    const plain = await diffRepo({ repo: dir, base: initial });
    assert.ok(
      plain.clusters.every((c) => c.changed.every((o) => o.kind !== 'Deployment')),
      'without --helm only the HelmRelease changes',
    );
  });
});
