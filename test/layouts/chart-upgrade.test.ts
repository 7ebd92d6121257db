import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { validateRepo } from '../../src/validate/index.js';
import { readTree } from '../support/tree.js';
import { changedPaths, layoutRepo, runCoreDns } from './layout-repo.js';

const storedChart = (dir: string) => JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns.chart;

/** Renovate's edit: the version string replaced in place, nothing else (comments keep the old one). */
function bump(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const line = new RegExp(`^(\\s*(?:version|tag): )${from.replace(/\./g, '\\.')}$`, 'm');
  assert.match(text, line);
  writeFileSync(path, text.replace(line, `$1${to}`));
}

const CASES = [
  {
    fixture: 'infrastructure',
    args: ['--clusters', 'production,staging', '--service-cidrs', 'production=10.245.0.0/16,staging=10.247.0.0/16', '--depends-on='],
    file: 'infrastructure/coredns/helmrelease.yaml',
    from: '1.38.0',
    to: '1.39.0',
    source: 'helm',
  },
  {
    fixture: 'apps',
    args: ['--clusters', 'home', '--service-cidrs', 'home=10.43.0.0/16', '--depends-on=', '--chart-version', '1.43.3'],
    file: 'kubernetes/apps/kube-system/coredns/app/ocirepository.yaml',
    from: '1.43.3',
    to: '1.44.3',
    source: 'oci',
  },
] as const;

describe('chart upgrades are answers', () => {
  for (const c of CASES) {
    it(`${c.fixture}: a Renovate bump in ${c.file} is adopted on the next run, not a conflict`, async () => {
      const dir = layoutRepo(c.fixture);
      assert.equal(runCoreDns(dir, c.args).status, 0);
      bump(dir, c.file, c.from, c.to);
      const before = readTree(dir);
      const run = runCoreDns(dir, []);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`Chart ${c.to.replace(/\./g, '\\.')} found`));
      assert.deepEqual(storedChart(dir), { version: c.to, source: c.source });
      // The bumped file is left as Renovate wrote it or brought to the new render; nothing else moves.
      for (const path of changedPaths(before, readTree(dir))) assert.ok(path === '.yo-rc.json' || path.startsWith(c.file.slice(0, c.file.lastIndexOf('/'))), `unexpected change in ${path}`);
      for (const cluster of (await validateRepo({ repo: dir })).clusters) {
        assert.equal(cluster.helmReleases.find((r) => r.name === 'coredns')?.version, c.to);
      }
    });
  }

  it('an adopted release: a Renovate bump of its OCIRepository tag becomes the answer, and the run writes nothing else', async () => {
    const dir = layoutRepo('existing-coredns');
    assert.equal(runCoreDns(dir, ['--clusters', 'home', '--service-cidrs', 'home=10.43.0.0/16', '--adopt']).status, 0);
    const source = 'kubernetes/apps/kube-system/coredns/app/ocirepository.yaml';
    bump(dir, source, '1.43.3', '1.44.3');
    const before = readTree(dir);
    const run = runCoreDns(dir, []);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(storedChart(dir), { version: '1.44.3', source: 'oci' });
    assert.deepEqual(changedPaths(before, readTree(dir)), ['.yo-rc.json']);
  });

  it('a version the catalogue does not know is a hand edit: the run stops on the conflict', async () => {
    const dir = layoutRepo('infrastructure');
    assert.equal(runCoreDns(dir, CASES[0].args).status, 0);
    bump(dir, CASES[0].file, '1.38.0', '1.38.99');
    const run = runCoreDns(dir, []);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /edited by hand[\s\S]*infrastructure\/coredns\/helmrelease\.yaml/);
    assert.equal(storedChart(dir).version, '1.38.0');
  });

  it('--chart-version moves the release', async () => {
    const dir = layoutRepo('infrastructure');
    assert.equal(runCoreDns(dir, CASES[0].args).status, 0);
    const run = runCoreDns(dir, ['--chart-version', '1.39.1', '--chart-source', 'helm']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(parse(readTree(dir)['infrastructure/coredns/helmrelease.yaml']!).spec.chart.spec.version, '1.39.1');
    assert.equal(storedChart(dir).version, '1.39.1');
  });
});
