import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { validateRepo } from '../../src/validate/index.js';
import { readTree, snapshotTree } from '../support/tree.js';
import { changedPaths, layoutRepo, runCoreDns } from './layout-repo.js';

const RELEASE = 'kubernetes/apps/kube-system/coredns/app/helmrelease.yaml';
const SOURCE = 'kubernetes/apps/kube-system/coredns/app/ocirepository.yaml';
const ANSWERS = ['--clusters', 'home', '--service-cidrs', 'home=10.43.0.0/16'];

describe('a repository that already runs CoreDNS', () => {
  it('without --adopt: an error naming the release file, and nothing written', async () => {
    const dir = layoutRepo('existing-coredns');
    const snapshot = snapshotTree(dir);
    const run = runCoreDns(dir, ANSWERS);
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp(`${RELEASE}.*already defines HelmRelease`));
    assert.match(run.stderr, /--adopt/);
    assert.deepEqual(snapshotTree(dir), snapshot);
  });

  it('--adopt --dry-run shows the diff and writes nothing', async () => {
    const dir = layoutRepo('existing-coredns');
    const snapshot = snapshotTree(dir);
    const run = runCoreDns(dir, [...ANSWERS, '--replicas', '3', '--adopt', '--dry-run']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /- {4}replicaCount: 2\n\+ {4}replicaCount: 3/);
    assert.deepEqual(snapshotTree(dir), snapshot);
  });

  describe('--adopt', () => {
    const dir = layoutRepo('existing-coredns');
    const before = readTree(dir);
    const run = runCoreDns(dir, [...ANSWERS, '--replicas', '3', '--chart-version', '1.44.3', '--adopt']);
    const after = readTree(dir);

    it('manages the release in place: only its replicas and chart version change, every foreign value and comment stays', async () => {
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(changedPaths(before, after), ['.yo-rc.json', RELEASE, SOURCE]);
      const [old, now] = [parse(before[RELEASE]!), parse(after[RELEASE]!)];
      assert.equal(now.spec.values.replicaCount, 3);
      now.spec.values.replicaCount = old.spec.values.replicaCount;
      assert.deepEqual(now, old);
      assert.match(after[RELEASE]!, /# two replicas, one per control-plane node\n {4}replicaCount: 3\n/);
      assert.match(after[RELEASE]!, /clusterIP: 10\.43\.0\.10 # k3s default/);
      assert.equal(parse(after[SOURCE]!).spec.ref.tag, '1.44.3');
    });

    it("takes the release's ClusterIP and source as the answers' defaults and stores the adoption", async () => {
      const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns;
      assert.equal(stored.clusters[0].dnsIp, '10.43.0.10');
      assert.deepEqual(stored.chart, { version: '1.44.3', source: 'oci' });
      assert.equal(stored.layout.adopt, RELEASE);
    });

    it('validate sees the one adopted release with the new values', async () => {
      const releases = (await validateRepo({ repo: dir })).clusters[0]!.helmReleases.filter((r) => r.chart === 'coredns');
      assert.equal(releases.length, 1);
      assert.equal(releases[0]!.replicas, 3);
      assert.equal(releases[0]!.clusterIP, '10.43.0.10');
    });

    it('a re-run writes no byte', async () => {
      const snapshot = snapshotTree(dir);
      const again = runCoreDns(dir, []);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(snapshotTree(dir), snapshot);
    });
  });
});
