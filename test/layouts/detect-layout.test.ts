import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { detectLayout } from '../../src/layout/index.js';
import { resolveCoreDnsConfig } from '../../src/services/coredns/index.js';
import { DiskTreeReader } from '../../src/workspace/index.js';
import { ROOT } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';
import { layoutRepo, runCoreDns } from './layout-repo.js';

const detect = (dir: string) => detectLayout(dir, new DiskTreeReader(dir)).layout;
const repoFixture = (name: string) => join(ROOT, 'test/fixtures/repos', name);

describe('detectLayout on the public shapes', () => {
  it('the story fixture and an empty folder: categories', () => {
    assert.equal(detect(repoFixture('story')).kind, 'categories');
    assert.deepEqual(detect(tempDir()), { kind: 'categories' });
  });

  it('home-ops: apps, with the entry folder, the apps root and the settings the entry substitutes from', () => {
    assert.deepEqual(detect(repoFixture('home-ops')), {
      kind: 'apps',
      appDir: 'kubernetes/apps/kube-system/coredns',
      clustersDir: 'kubernetes/flux/cluster',
      settingsName: 'cluster-settings',
      gitRepository: { name: 'flux-system', namespace: 'flux-system' },
    });
  });

  it('flux2-kustomize-helm-example: infrastructure, clusters/<env>', () => {
    const layout = detect(repoFixture('multi-cluster'));
    assert.equal(layout.kind, 'infrastructure');
    assert.equal(layout.clustersDir, 'clusters');
  });

  it('a layout answer that leaves the repository is refused with its field', () => {
    assert.throws(() => resolveCoreDnsConfig({ clusters: [{ name: 'a', serviceCidr: '10.245.0.0/16' }], layout: { kind: 'apps', appDir: '../elsewhere' } }), /layout\.appDir/);
    assert.throws(() => resolveCoreDnsConfig({ clusters: [{ name: 'a', serviceCidr: '10.245.0.0/16' }], layout: { kind: 'flat' } }), /layout\.kind/);
  });

  it('platform-gitops cluster refuses a non-story layout instead of writing story paths', () => {
    const dir = layoutRepo('apps');
    assert.equal(runCoreDns(dir, ['--clusters', 'home', '--service-cidrs', 'home=10.43.0.0/16', '--depends-on=']).status, 0);
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'cluster', '--name', 'edge', '--service-cidr', '10.249.0.0/16'], { cwd: dir, encoding: 'utf8', input: '' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /apps layout/);
  });
});
