import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runValidateCommand, validateRepo } from '../../../src/index.js';
import { clusterName, findClusterEntries } from '../../../src/validate/discovery/find-cluster-entries.js';
import { tempDir } from '../../support/tree.js';
import { REPOS, captureIo, copyRepo, fluxKs, put } from './fixture-repos.js';

const names = (repo: string) => findClusterEntries(repo).map((e) => e.name);

describe('cluster entries are found by their Flux entry', () => {
  test('a gotk-sync.yaml without a parsable sync makes the folder above flux-system the entry', async () => {
    const repo = tempDir();
    put(repo, 'fleet/edge-1/flux-system/gotk-sync.yaml', '# written by flux bootstrap\n');
    put(repo, 'fleet/edge-1/apps.yaml', fluxKs('apps', './apps'));
    assert.deepEqual(
      findClusterEntries(repo).map((e) => [e.name, e.dir]),
      [['edge-1', join(repo, 'fleet/edge-1')]],
    );
  });

  test("the flux-system Kustomization's spec.path is the entry, wherever the sync file lives", async () => {
    const repo = tempDir();
    put(repo, 'bootstrap/sync.yaml', fluxKs('flux-system', './deploy/lab'));
    put(repo, 'deploy/lab/apps.yaml', fluxKs('apps', './apps'));
    const [entry] = findClusterEntries(repo);
    assert.deepEqual([entry!.name, entry!.dir, entry!.syncSource], ['lab', join(repo, 'deploy/lab'), 'flux-system/flux-system']);
  });

  test('flux/config of a multi-cluster home-ops repo is named after the folder holding flux/', async () => {
    const repo = tempDir();
    put(repo, 'kubernetes/main/flux/config/cluster.yaml', fluxKs('cluster', './kubernetes/main/flux'));
    put(repo, 'kubernetes/staging/flux/config/cluster.yaml', fluxKs('cluster', './kubernetes/staging/flux'));
    assert.deepEqual(names(repo), ['main', 'staging']);
  });

  test('kubernetes/flux/cluster is named after its own folder, whatever the checkout is called', async () => {
    assert.equal(clusterName('/src/home-ops', '/src/home-ops/kubernetes/flux/cluster'), 'cluster');
    assert.equal(clusterName('/tmp/base-1234', '/tmp/base-1234/kubernetes/flux/cluster'), 'cluster');
    assert.equal(clusterName('/src/home-ops', '/src/home-ops/flux/config'), 'config');
  });

  test('a conventional folder without any Flux Kustomization is not a cluster', async () => {
    const repo = tempDir();
    put(repo, 'clusters/empty/readme.yaml', 'note: nothing here\n');
    put(repo, 'clusters/real/apps.yaml', fluxKs('apps', './apps'));
    assert.deepEqual(names(repo), ['real']);
  });

  test('two clusters of the same folder name are named by their path', async () => {
    const repo = tempDir();
    put(repo, 'clusters/prod/apps.yaml', fluxKs('apps', './apps'));
    put(repo, 'kubernetes/clusters/prod/apps.yaml', fluxKs('apps', './apps'));
    assert.deepEqual(names(repo), ['clusters/prod', 'kubernetes/clusters/prod']);
  });
});

describe('validate PATH, --path and --cluster', () => {
  test('a PATH that is a cluster folder validates that cluster only', async () => {
    const { io, out } = captureIo();
    assert.equal(await runValidateCommand([join(REPOS, 'multi-cluster', 'clusters', 'staging'), '--repo', join(REPOS, 'multi-cluster'), '--format', 'json'], io), 0);
    assert.deepEqual(
      JSON.parse(out.join('')).clusters.map((c: { name: string }) => c.name),
      ['staging'],
    );
  });

  test('PATH without --repo: the repository is the nearest folder above it with a .git', async () => {
    const repo = tempDir();
    mkdirSync(join(repo, '.git'));
    put(repo, 'clusters/lab/apps.yaml', fluxKs('apps', './apps'));
    put(repo, 'apps/app.yaml', '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: lab\n');
    const { io, out } = captureIo();
    assert.equal(await runValidateCommand(['--path', join(repo, 'clusters', 'lab'), '--format', 'json'], io), 0);
    const json = JSON.parse(out.join(''));
    assert.deepEqual([json.repo, json.clusters[0].path, json.clusters[0].objects], [repo, 'clusters/lab', 2]);
  });

  test('--path is repeatable; a folder without an entry below it is taken as the entry', async () => {
    const repo = copyRepo('multi-cluster');
    put(repo, 'adhoc/apps.yaml', fluxKs('apps', './apps/staging'));
    const report = await validateRepo({ repo, paths: ['adhoc', 'clusters/production'] });
    assert.deepEqual(
      report.clusters.map((c) => [c.name, c.path]),
      [
        ['adhoc', 'adhoc'],
        ['production', 'clusters/production'],
      ],
    );
  });

  test('--cluster filters the discovered clusters; an unknown one is an error naming those found', async () => {
    const repo = join(REPOS, 'multi-cluster');
    assert.deepEqual(
      (await validateRepo({ repo, cluster: 'production' })).clusters.map((c) => c.name),
      ['production'],
    );
    const unknown = (await validateRepo({ repo, cluster: 'qa' })).findings.find((f) => f.code === 'cluster-unknown');
    assert.match(unknown!.message, /production, staging/);
  });

  test('nothing found exits 2 and says what it looked for', async () => {
    const repo = tempDir();
    mkdirSync(join(repo, 'docs'));
    const { io, err } = captureIo();
    assert.equal(await runValidateCommand(['--repo', repo], io), 2);
    assert.match(err.join(''), /flux-system.*clusters\/<name>.*flux\/cluster/s);
  });

  test('--format github and markdown are accepted', async () => {
    for (const format of ['github', 'markdown']) {
      const { io, out } = captureIo();
      assert.equal(await runValidateCommand(['--repo', join(REPOS, 'story'), '--format', format], io), 0, format);
      const text = out.join('');
      // github prints only workflow commands (none for a clean report); markdown always a summary.
      if (format === 'github')
        assert.ok(
          text
            .split('\n')
            .filter(Boolean)
            .every((line) => line.startsWith('::')),
          text,
        );
      else assert.match(text, /\| cluster \|/i);
    }
  });
});
