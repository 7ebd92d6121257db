import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CoreDnsAnswers, generateCoreDnsRepo } from '../../src/index.js';
import { diffRepo } from '../../src/review/index.js';
import { commitAll, gitInit } from './support/git-repo.js';
import { tempDir } from '../support/tree.js';

// diff builds a folder once for every cluster that asks the same build (same source, Kustomization
// and variables), and the engine keeps each folder's build and each substituted object: clusters
// sharing one folder with settings of their own must still each get their own objects.
const cluster = (name: string, octet: number, replicas: number) => ({ name, serviceCidr: `10.${octet}.0.0/16`, dnsIp: `10.${octet}.0.10`, replicas });
const ANSWERS: CoreDnsAnswers = { clusters: [cluster('apps', 247, 2), cluster('edge', 246, 3), cluster('infra', 245, 4)], chart: { version: '1.38.0', source: 'helm' } };
const RELEASE = 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml';

function editFile(dir: string, file: string, from: string, to: string): void {
  const text = readFileSync(join(dir, file), 'utf8');
  assert.ok(text.includes(from), `${file} holds ${from}`);
  writeFileSync(join(dir, file), text.replace(from, to));
}

describe('platform-gitops diff: clusters sharing a folder', () => {
  const holder = tempDir('gp-diff-shared-');
  const dir = join(holder, 'repo');
  const tmp = join(holder, 'tmp');
  let base = '';

  before(() => {
    mkdirSync(dir);
    mkdirSync(tmp);
    gitInit(dir);
    generateCoreDnsRepo(dir, ANSWERS);
    base = commitAll(dir, 'three clusters');
  });
  after(() => rmSync(holder, { recursive: true, force: true }));

  test('a change to the shared HelmRelease shows each cluster its own substituted values', async () => {
    // Every cluster reads this file; its replicaCount comes from each cluster's own settings.
    editFile(dir, RELEASE, 'replicaCount: ${COREDNS_REPLICAS}', 'replicaCount: ${COREDNS_REPLICAS}0');
    editFile(dir, 'kubernetes/clusters/edge/cluster-settings.yaml', 'COREDNS_REPLICAS: "3"', 'COREDNS_REPLICAS: "5"');
    const report = await diffRepo({ repo: dir, base, tempDir: tmp });
    assert.deepEqual(
      report.clusters.map((c) => [c.name, c.added.length, c.removed.length, c.changed.map((o) => `${o.kind} ${o.namespace}/${o.name}`)]),
      [
        ['apps', 0, 0, ['HelmRelease kube-system/coredns']],
        ['edge', 0, 0, ['ConfigMap flux-system/cluster-settings', 'HelmRelease kube-system/coredns']],
        ['infra', 0, 0, ['HelmRelease kube-system/coredns']],
      ],
    );
    const release = (name: string) => report.clusters.find((c) => c.name === name)!.changed.find((o) => o.kind === 'HelmRelease')!.diff;
    assert.match(release('apps'), /^- {4}replicaCount: 2\n\+ {4}replicaCount: 20$/m);
    assert.match(release('edge'), /^- {4}replicaCount: 3\n\+ {4}replicaCount: 50$/m);
    assert.match(release('infra'), /^- {4}replicaCount: 4\n\+ {4}replicaCount: 40$/m);
    // Each cluster's own ClusterIP, substituted from the same line of the same file, is unchanged.
    for (const c of report.clusters) assert.doesNotMatch(release(c.name), /clusterIP/);
  });
});
