// --dry-run on every generator: the unified diff of what would change, and not one byte written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import helpers from 'yeoman-test';
import { ROOT, generatorPath } from '../support/package-paths.js';
import { snapshotTree, tempDir } from '../support/tree.js';

const cli = (dir: string, args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), ...args], { cwd: dir, encoding: 'utf8', input: '' });

test('coredns, cluster and alert with --dry-run print the diff, write nothing and exit 0', () => {
  const dir = tempDir('gp-dry-');
  writeFileSync(join(dir, 'answers.yaml'), 'clusters:\n  - {name: infra, serviceCidr: 10.245.0.0/16}\ndependsOn: []\n');
  const first = cli(dir, ['coredns', '--answers', 'answers.yaml', '--dry-run']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^\+\+\+ b\/kubernetes\/infrastructure\/networking\/coredns\/helmrelease\.yaml$/m);
  assert.deepEqual([...snapshotTree(dir).keys()], ['answers.yaml'], 'nothing written by coredns --dry-run');

  assert.equal(cli(dir, ['coredns', '--answers', 'answers.yaml']).status, 0);
  const before = snapshotTree(dir);
  const cluster = cli(dir, ['cluster', '--name', 'edge', '--service-cidr', '10.249.0.0/16', '--dry-run', '--no-interactive']);
  assert.equal(cluster.status, 0, cluster.stderr);
  assert.match(cluster.stdout + cluster.stderr, /^--- \/dev\/null\n\+\+\+ b\/kubernetes\/clusters\/edge\/cluster-settings\.yaml$/m);
  const alert = cli(dir, ['alert', '--preset', 'panics', '--dry-run', '--no-interactive']);
  assert.equal(alert.status, 0, alert.stderr);
  assert.match(alert.stdout + alert.stderr, /^\+ +- alert: CoreDNSPanics$/m);
  assert.deepEqual(snapshotTree(dir), before, 'not a byte (nor an mtime) changed, .yo-rc.json included');
});

test('yo platform:ci --dry-run prints the diff and writes nothing (the Yeoman path, not only the CLI)', async () => {
  const dir = tempDir('gp-dry-ci-');
  const before = snapshotTree(dir);
  await helpers
    .run(generatorPath('ci'))
    .cd(dir)
    .withOptions({ dryRun: true, interactive: false, skipInstall: true } as Record<string, unknown>);
  assert.deepEqual(snapshotTree(dir), before, 'no workflow, no renovate.json, no .yo-rc.json');
});
