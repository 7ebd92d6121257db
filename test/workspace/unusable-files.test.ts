// Issue 18: a file a run cannot use (one the user running it may not read, a YAML alias bomb)
// is a finding or a message naming it, with its code, in a bounded time and with the documented
// exit code: never a crash, a raw EACCES, "Excessive alias count" naming no file, or an engine
// that expands 2^40 nodes. Each case also asserts that nothing outside the repository was read or
// changed (a canary file beside it, a canary environment variable in no output) and, where the
// command writes nothing, that nothing in the repository changed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { generateCoreDnsRepo } from '../../src/index.js';
import { commitAll, gitInit } from '../review/support/git-repo.js';
import { ROOT } from '../support/package-paths.js';
import { STORY_ANSWERS } from '../support/story.js';
import { snapshotTree, tempDir } from '../support/tree.js';

const CLI = join(ROOT, 'bin/platform-gitops.js');
const CANARY_FILE = `canary-file-${randomBytes(8).toString('hex')}`;
const CANARY_ENV = `canary-env-${randomBytes(8).toString('hex')}`;
const NOBODY = 65534;
const HELM_RELEASE = 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml';
const SETTINGS = 'kubernetes/clusters/apps/cluster-settings.yaml';

/** This file's own folder (never the system temp dir itself), removed at the end; nobody may walk into it. */
const OWN = tempDir('gp-unusable-files-');
chmodSync(OWN, 0o755);
after(() => rmSync(OWN, { recursive: true, force: true }));

interface Box {
  readonly repo: string;
  readonly outside: string;
}

/** The story repository, committed, and beside it a folder holding the canary file. */
function sandbox(): Box {
  const base = mkdtempSync(join(OWN, 'box-'));
  chmodSync(base, 0o755);
  const repo = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(repo);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.yaml'), `${CANARY_FILE}: ${CANARY_FILE}\n`);
  gitInit(repo);
  generateCoreDnsRepo(repo, { ...STORY_ANSWERS, dependsOn: [] });
  // Monitoring on, as the tree above was written: auto would now find a cluster without the CRDs.
  writeFileSync(join(repo, 'answers.yaml'), JSON.stringify({ ...STORY_ANSWERS, dependsOn: [], monitoring: { ...STORY_ANSWERS.monitoring, enabled: 'on' } }));
  commitAll(repo, 'base');
  return { repo, outside };
}

/** A YAML map whose aliases double `levels` times ("billion laughs"): 2^levels strings expanded. */
function aliasBomb(levels: number, indent = '  '): string {
  const lines = [`${indent}a0: &a0 [x, x]`];
  for (let i = 1; i <= levels; i++) lines.push(`${indent}a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
  return `${lines.join('\n')}\n`;
}

/** Appends a `bomb:` map to a file of the repository (kept a valid single object). */
function plantBomb(box: Box, file: string, levels = 40): void {
  const path = join(box.repo, file);
  writeFileSync(path, `${readFileSync(path, 'utf8').trimEnd()}\nbomb:\n${aliasBomb(levels)}`);
}

interface Run {
  readonly status: number | null;
  readonly output: string;
}

/**
 * `platform-gitops args` in the repository (as the unprivileged user `nobody` with `asNobody`),
 * with a hang guard: a killed run has no status and fails the exit-code check. Checks what every
 * case checks: the exit code, no stack trace, no raw errno, neither canary in the output, nothing
 * outside changed, and (`unchanged`) nothing in the repository changed.
 */
function run(box: Box, args: readonly string[], expected: { status: number; unchanged?: boolean; asNobody?: boolean }): Run {
  const outsideBefore = snapshotTree(box.outside);
  const repoBefore = snapshotTree(box.repo);
  const env = { ...process.env, GP_TEST_CANARY: CANARY_ENV, ...(expected.asNobody ? { HOME: '/nonexistent' } : {}) };
  const [command, argv] = expected.asNobody ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, ...args]] : [process.execPath, [CLI, ...args]];
  const result = spawnSync(command, argv, { cwd: box.repo, encoding: 'utf8', input: '', timeout: 120_000, env });
  const output = result.stdout + result.stderr;
  assert.equal(result.status, expected.status, `exit ${expected.status} (null: killed by the hang guard)\n${output.slice(0, 3000)}`);
  assert.doesNotMatch(output, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
  assert.doesNotMatch(output, /EACCES|Excessive alias count indicates/, 'no raw error');
  assert.ok(!output.includes(CANARY_FILE), 'the canary file outside was not read into the output');
  assert.ok(!output.includes(CANARY_ENV), 'the canary environment variable is in no output');
  assert.deepEqual(snapshotTree(box.outside), outsideBefore, 'nothing outside the repository changed');
  if (expected.unchanged) assert.deepEqual(snapshotTree(box.repo), repoBefore, 'nothing in the repository changed');
  return { status: result.status, output };
}

/** The repository handed to `nobody` (as a user owns their checkout), with `files` made unreadable. */
function lockedFor(box: Box, files: readonly string[]): void {
  execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, box.repo]);
  for (const file of files) chmodSync(join(box.repo, file), 0o000);
}

/** A finding line of the text report: severity, code, file. */
const finding = (severity: string, code: string, file: string) => new RegExp(`^ {2}${severity} +${code} +${file.replace(/[.]/g, '\\.')}(?: |$)`, 'm');

describe('a file the user running the command cannot read', () => {
  const skip = process.getuid?.() !== 0 ? 'needs root to switch to an unprivileged user' : spawnSync('setpriv', ['--version']).status !== 0 ? 'no setpriv on this system' : false;

  test('validate: a manifest a build reads is a file-unreadable error naming it (exit 1)', { skip }, () => {
    const box = sandbox();
    lockedFor(box, [HELM_RELEASE]);
    const { output } = run(box, ['validate'], { status: 1, unchanged: true, asNobody: true });
    assert.match(output, finding('error', 'file-unreadable', HELM_RELEASE));
    assert.match(output, /helmrelease\.yaml cannot be read by the user running this check \(permission denied\); it was not read\n +fix: make it readable \(chmod a\+r/);
  });

  test('validate: cluster-settings.yaml in the entry folder is a file-unreadable error naming it (exit 1)', { skip }, () => {
    const box = sandbox();
    lockedFor(box, [SETTINGS]);
    const { output } = run(box, ['validate'], { status: 1, unchanged: true, asNobody: true });
    assert.match(output, finding('error', 'file-unreadable', SETTINGS));
  });

  test('validate: a YAML file outside every cluster is a warning naming it (exit 0)', { skip }, () => {
    const box = sandbox();
    mkdirSync(join(box.repo, 'docs'));
    writeFileSync(join(box.repo, 'docs/notes.yaml'), 'notes: mine\n');
    lockedFor(box, ['docs/notes.yaml']);
    const { output } = run(box, ['validate'], { status: 0, unchanged: true, asNobody: true });
    assert.match(output, finding('warning', 'file-unreadable', 'docs/notes.yaml'));
    assert.match(output, /no cluster found reads it, but a cluster entry there would be missed/);
  });

  test('diff: a changed manifest it cannot read stops it naming the file and the code (exit 1)', { skip }, () => {
    const box = sandbox();
    const path = join(box.repo, HELM_RELEASE);
    writeFileSync(path, readFileSync(path, 'utf8').replace('interval: 30m', 'interval: 20m'));
    lockedFor(box, [HELM_RELEASE]);
    const { output } = run(box, ['diff'], { status: 1, unchanged: true, asNobody: true });
    assert.match(output, /^platform-gitops diff: the working tree: kubernetes\/infrastructure\/networking\/coredns\/helmrelease\.yaml cannot be read [^\n]*\[file-unreadable\]\n {2}fix: /m);
  });

  test('diff: an unreadable file no cluster reads does not stop it (exit 0)', { skip }, () => {
    const box = sandbox();
    mkdirSync(join(box.repo, 'docs'));
    writeFileSync(join(box.repo, 'docs/notes.yaml'), 'notes: mine\n');
    lockedFor(box, ['docs/notes.yaml']);
    const { output } = run(box, ['diff'], { status: 0, unchanged: true, asNobody: true });
    assert.match(output, /^0 clusters changed, 2 unchanged/m);
  });

  test('platform-gitops coredns: an unreadable file outside the tree it writes does not stop it; one inside is named (exit 1)', { skip }, () => {
    const box = sandbox();
    mkdirSync(join(box.repo, 'docs'));
    writeFileSync(join(box.repo, 'docs/notes.yaml'), 'notes: mine\n');
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    lockedFor(box, ['docs/notes.yaml']);
    // The same answers again: every file identical, and the validation after it passes with a warning.
    const ok = run(box, ['coredns', '--answers', 'answers.yaml'], { status: 0, unchanged: true, asNobody: true });
    assert.match(ok.output, /^ identical kubernetes\/clusters\/apps\/cluster-settings\.yaml$/m);
    assert.match(ok.output, finding('warning', 'file-unreadable', 'docs/notes.yaml'));
    chmodSync(join(box.repo, SETTINGS), 0o000);
    const refused = run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 1, unchanged: true, asNobody: true });
    assert.match(refused.output, /^platform-gitops coredns: kubernetes\/clusters\/apps\/cluster-settings\.yaml: cannot be read by the user running this \(permission denied\); make it readable/m);
  });
});

describe('YAML alias bombs', () => {
  test('cluster-settings.yaml: validate reports yaml-aliases-excessive naming it (exit 1)', () => {
    const box = sandbox();
    plantBomb(box, SETTINGS, 30);
    const { output } = run(box, ['validate'], { status: 1, unchanged: true });
    assert.match(output, finding('error', 'yaml-aliases-excessive', SETTINGS));
    assert.match(output, /cluster-settings\.yaml is refused: its YAML aliases expand it out of proportion/);
  });

  test('another file in a Flux entry folder: validate reports yaml-aliases-excessive naming it (exit 1)', () => {
    const box = sandbox();
    writeFileSync(join(box.repo, 'kubernetes/clusters/apps/extra.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: default\nbomb:\n${aliasBomb(30)}`);
    const { output } = run(box, ['validate'], { status: 1, unchanged: true });
    assert.match(output, finding('error', 'yaml-aliases-excessive', 'kubernetes/clusters/apps/extra.yaml'));
  });

  test('a manifest the engine builds (2^40 when expanded): yaml-aliases-excessive naming it, at once (exit 1)', () => {
    const box = sandbox();
    plantBomb(box, HELM_RELEASE, 40);
    const { output } = run(box, ['validate'], { status: 1, unchanged: true });
    assert.match(output, finding('error', 'yaml-aliases-excessive', HELM_RELEASE));
    assert.match(output, /helmrelease\.yaml is refused: its YAML aliases expand it out of proportion \(an alias bomb\)/);
    assert.match(output, /^2 clusters: 2 errors/m);
  });

  test('diff: a bomb in the working tree or at the base stops it naming the file, the side and the code (exit 1)', () => {
    const box = sandbox();
    plantBomb(box, HELM_RELEASE, 40);
    const work = run(box, ['diff'], { status: 1, unchanged: true });
    assert.match(
      work.output,
      /^platform-gitops diff: the working tree: [^\n]*kubernetes\/infrastructure\/networking\/coredns\/helmrelease\.yaml is refused: [^\n]*\[yaml-aliases-excessive\]\n {2}fix: /m,
    );
    commitAll(box.repo, 'bomb');
    execFileSync('git', ['checkout', '-q', 'HEAD~1', '--', HELM_RELEASE], { cwd: box.repo });
    const base = run(box, ['diff'], { status: 1, unchanged: true });
    assert.match(base.output, /^platform-gitops diff: the base, HEAD \([0-9a-f]+\): [^\n]*helmrelease\.yaml is refused: [^\n]*\[yaml-aliases-excessive\]/m);
  });
});
