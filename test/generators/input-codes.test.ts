// The front doors' input rules (options, the answers file, stored answers, a CoreDNS already in the
// repository), one test per code: each is refused naming the field, the fix and the code, and
// nothing on disk changes. The model's rules are in test/model/input-codes.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';
import { refusedByGenerator, runGenerator, storyRepo } from '../hardening/refusal.js';

const TWO_CLUSTERS = { clusters: 'infra,apps' };

/** A copy of test/fixtures/layouts/<name>. */
function layoutRepo(name: string): string {
  const dir = tempDir();
  cpSync(join(ROOT, 'test/fixtures/layouts', name), dir, { recursive: true });
  return dir;
}

const EXISTING_RELEASE = 'kubernetes/apps/kube-system/coredns/app/helmrelease.yaml';
const HOME = { clusters: 'home', serviceCidrs: 'home=10.43.0.0/16' };

describe('options', () => {
  test('option-required: no answers and no terminal names the missing option', async () => {
    const dir = tempDir();
    await refusedByGenerator(dir, runGenerator('coredns', dir, {}), { field: '--clusters', says: /no cluster given and no stored answers/, code: 'option-required' });
  });

  test('option-required: platform:cluster without --name and no terminal', async () => {
    const dir = await storyRepo();
    await refusedByGenerator(dir, runGenerator('cluster', dir, { serviceCidr: '10.249.0.0/16' }), { field: '--name', says: /is required when not running in a terminal/, code: 'option-required' });
  });

  test('option-values-mixed: name=value pairs and plain values in one option', async () => {
    const dir = tempDir();
    const run = runGenerator('coredns', dir, { ...TWO_CLUSTERS, serviceCidrs: 'infra=10.245.0.0/16,10.247.0.0/16' });
    await refusedByGenerator(dir, run, { field: '--service-cidrs', says: /mixes name=value and plain values/, code: 'option-values-mixed' });
  });

  test('option-values-count: three plain values for two clusters', async () => {
    const dir = tempDir();
    const run = runGenerator('coredns', dir, { ...TWO_CLUSTERS, serviceCidrs: '10.245.0.0/16,10.247.0.0/16,10.249.0.0/16' });
    await refusedByGenerator(dir, run, { field: '--service-cidrs', says: /has 3 values for 2 clusters/, code: 'option-values-count' });
  });

  test('option-cluster-unknown: a name=value pair for a cluster not in --clusters', async () => {
    const dir = tempDir();
    const run = runGenerator('coredns', dir, { ...TWO_CLUSTERS, serviceCidrs: 'infra=10.245.0.0/16,edge=10.247.0.0/16' });
    await refusedByGenerator(dir, run, { field: '--service-cidrs', says: /names cluster "edge", which is not in the cluster list/, code: 'option-cluster-unknown' });
  });

  test('preset-option-conflict: --preset with --expr', async () => {
    const dir = await storyRepo();
    await refusedByGenerator(dir, runGenerator('alert', dir, { preset: 'panics', expr: 'up == 0' }), { field: '--expr', says: /cannot be combined with --preset/, code: 'preset-option-conflict' });
  });

  test('remove-cluster-unknown: --remove of a cluster the repository does not have', async () => {
    const dir = await storyRepo();
    await refusedByGenerator(dir, runGenerator('cluster', dir, { remove: 'edge' }), {
      field: '--remove',
      says: /"edge" is not a cluster of this repository \(infra, apps\)/,
      code: 'remove-cluster-unknown',
    });
  });

  test('remove-cluster-last: --remove of the only cluster', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), 'clusters:\n  - {name: infra, serviceCidr: 10.245.0.0/16}\n');
    await runGenerator('coredns', dir, { answers: 'answers.yaml' });
    await refusedByGenerator(dir, runGenerator('cluster', dir, { remove: 'infra' }), { field: '--remove', says: /"infra" is the only cluster/, code: 'remove-cluster-last' });
  });
});

describe('the answers file and the stored answers', () => {
  test('answers-file-unreadable: --answers names no file', async () => {
    const dir = tempDir();
    await refusedByGenerator(dir, runGenerator('coredns', dir, { answers: 'missing.yaml' }), { field: '--answers', says: /missing\.yaml" does not exist/, code: 'answers-file-unreadable' });
  });

  test('answers-file-not-regular: --answers names a folder', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'answers'));
    await refusedByGenerator(dir, runGenerator('coredns', dir, { answers: 'answers' }), { field: '--answers', says: /is a directory, not a regular file/, code: 'answers-file-not-regular' });
  });

  test('answers-file-too-large: an answers file over 1 MiB', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), `clusters: []\n#${'x'.repeat(1024 * 1024)}\n`);
    await refusedByGenerator(dir, runGenerator('coredns', dir, { answers: 'answers.yaml' }), { field: '--answers', says: /more than the 1 MiB/, code: 'answers-file-too-large' });
  });

  test('alert-monitoring-off: platform:alert where CoreDNS monitoring is off', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), "clusters:\n  - {name: infra, serviceCidr: 10.245.0.0/16}\nmonitoring: {enabled: 'off'}\n");
    await runGenerator('coredns', dir, { answers: 'answers.yaml' });
    const run = runGenerator('alert', dir, { preset: 'panics' });
    await refusedByGenerator(dir, run, { field: '--preset', says: /monitoring is off/, code: 'alert-monitoring-off' });
  });

  test('stored-answers-missing: platform:cluster where platform:coredns never ran', async () => {
    const dir = tempDir();
    const run = runGenerator('cluster', dir, { name: 'edge', serviceCidr: '10.249.0.0/16' });
    await refusedByGenerator(dir, run, { field: '--name', says: /no CoreDNS answers in \.yo-rc\.json/, code: 'stored-answers-missing' });
  });

  for (const generator of ['coredns', 'cluster', 'alert', 'ci']) {
    test(`yo-rc-invalid: platform:${generator} on a half-written .yo-rc.json, in our words before Yeoman reads it`, async () => {
      const dir = tempDir();
      writeFileSync(join(dir, '.yo-rc.json'), '{"generator-platform": {"coredns": ');
      await refusedByGenerator(dir, runGenerator(generator, dir, { name: 'edge', serviceCidr: '10.249.0.0/16', preset: 'down' }), {
        field: '.yo-rc.json',
        says: /is not valid JSON \(/,
        code: 'yo-rc-invalid',
      });
    });
  }

  test('yo-rc-invalid: --help still prints the options, reading nothing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.yo-rc.json'), '{"generator-platform": ');
    const help = spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'cluster', '--help'], { cwd: dir, encoding: 'utf8', input: '' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /--service-cidr/);
  });

  test('stored-layout-unsupported: platform:cluster in a home-ops (apps) layout', async () => {
    const dir = layoutRepo('apps');
    const stored = { clusters: [{ name: 'home', serviceCidr: '10.43.0.0/16' }], layout: { kind: 'apps' } };
    writeFileSync(join(dir, '.yo-rc.json'), `${JSON.stringify({ 'generator-platform': { coredns: stored } }, null, 2)}\n`);
    const run = runGenerator('cluster', dir, { name: 'edge', serviceCidr: '10.249.0.0/16' });
    await refusedByGenerator(dir, run, { field: '--name', says: /uses the apps layout, whose one Flux entry \(kubernetes\/flux\/cluster\) serves one cluster/, code: 'stored-layout-unsupported' });
  });
});

describe('a CoreDNS already in the repository', () => {
  test('coredns-release-foreign: a HelmRelease of the coredns chart we do not manage', async () => {
    const dir = layoutRepo('existing-coredns');
    await refusedByGenerator(dir, runGenerator('coredns', dir, HOME), { field: EXISTING_RELEASE, says: /already defines HelmRelease/, code: 'coredns-release-foreign' });
  });

  test('adopt-release-missing: --adopt where no CoreDNS release exists', async () => {
    const dir = layoutRepo('apps');
    await refusedByGenerator(dir, runGenerator('coredns', dir, { ...HOME, adopt: true }), { field: '--adopt', says: /no HelmRelease of the coredns chart found/, code: 'adopt-release-missing' });
  });

  test('adopt-release-ambiguous: --adopt with two CoreDNS releases', async () => {
    const dir = layoutRepo('existing-coredns');
    const second = 'kubernetes/apps/network/echo/app/coredns-second.yaml';
    writeFileSync(join(dir, second), readFileSync(join(dir, EXISTING_RELEASE), 'utf8').replace('name: coredns\nspec:', 'name: coredns-second\nspec:'));
    await refusedByGenerator(dir, runGenerator('coredns', dir, { ...HOME, adopt: true }), { field: '--adopt', says: /2 CoreDNS HelmReleases found/, code: 'adopt-release-ambiguous' });
  });

  test('adopt-one-cluster: an adopted release serves one cluster', async () => {
    const dir = layoutRepo('existing-coredns');
    const run = runGenerator('coredns', dir, { clusters: 'home,lab', serviceCidrs: 'home=10.43.0.0/16,lab=10.45.0.0/16', adopt: true });
    await refusedByGenerator(dir, run, { field: 'clusters', says: /an adopted release serves one cluster; 2 were given/, code: 'adopt-one-cluster' });
  });

  test('adopt-release-gone: the adopted file no longer holds the release', async () => {
    const dir = layoutRepo('existing-coredns');
    await runGenerator('coredns', dir, { ...HOME, adopt: true });
    writeFileSync(join(dir, EXISTING_RELEASE), '---\n# moved elsewhere by hand\n');
    await refusedByGenerator(dir, runGenerator('coredns', dir, {}), { field: EXISTING_RELEASE, says: /holds no HelmRelease of the coredns chart any more/, code: 'adopt-release-gone' });
  });
});
