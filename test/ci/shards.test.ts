// `platform-gitops ci --shard N`: validate as a GitHub Actions matrix over the clusters (each job
// `validate --shard i/N`), one job gathering the shards' reports and the diff into the comment.
// The shards are run for real on a five-cluster repository, and so is the gather step.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CI_ACTIONS, CI_WORKFLOW_PATH, YO_RC_NAMESPACE, generateCoreDnsRepo, planCi, resolveCiConfig } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { STORY_ANSWERS } from '../support/story.js';
import { snapshotTree, tempDir } from '../support/tree.js';

interface Step {
  name?: string;
  env?: Record<string, string>;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  name?: string;
  if?: string;
  needs?: string | string[];
  permissions: Record<string, string>;
  strategy?: { 'fail-fast': boolean; matrix: { shard: number[] } };
  steps: Step[];
}
interface Workflow {
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflowOf = (answers: object) => parse(planCi(resolveCiConfig(answers)).find((f) => f.path === CI_WORKFLOW_PATH)!.contents, { uniqueKeys: true }) as Workflow;
const bin = join(ROOT, 'bin/platform-gitops.js');
const run = (cwd: string, args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });

/** Five clusters, in an order their names do not sort in. */
const FIVE = ['infra', 'apps', 'edge', 'batch', 'data'];

function fiveClusterRepo(): string {
  const dir = tempDir('gp-ci-shards-');
  generateCoreDnsRepo(dir, {
    ...STORY_ANSWERS,
    dependsOn: [],
    clusters: FIVE.map((name, i) => ({ name, serviceCidr: `10.${240 + i}.0.0/16`, replicas: 2 })),
  });
  return dir;
}

/** The clusters one validate run covered (its JSON report). */
function clustersOf(dir: string, ...args: string[]): string[] {
  const result = run(dir, ['validate', '--format', 'json', ...args]);
  assert.equal(result.status, 0, `${args.join(' ')}\n${result.stderr}`);
  return (JSON.parse(result.stdout) as { clusters: { name: string }[] }).clusters.map((c) => c.name);
}

test('the sharded workflow: a matrix of N validate jobs, each read-only, and one comment job after them all', () => {
  const workflow = workflowOf({ shards: 4 });
  assert.deepEqual(workflow.permissions, {});
  const validate = workflow.jobs.validate!;
  assert.deepEqual(validate.strategy, { 'fail-fast': false, matrix: { shard: [1, 2, 3, 4] } });
  assert.deepEqual(validate.permissions, { contents: 'read' });
  assert.equal(validate.name, 'validate (shard ${{ matrix.shard }}/4)');
  assert.equal(validate.if, undefined, 'shards run on pushes too');
  const step = validate.steps.find((s) => s.run?.startsWith('platform-gitops validate'))!;
  assert.equal(step.run, 'platform-gitops validate --shard "$SHARD/4" --format github --comment-file "$RUNNER_TEMP/validate-$SHARD.md"');
  assert.deepEqual(step.env, { SHARD: '${{ matrix.shard }}' });
  const upload = validate.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
  assert.equal(upload.if, "${{ !cancelled() && github.event_name == 'pull_request' }}", 'a shard with findings (exit 1) still hands its report on');
  assert.equal(upload.with?.path, '${{ runner.temp }}/validate-${{ matrix.shard }}.md');
  assert.deepEqual(workflow.jobs.diff!.permissions, { contents: 'read' });
  // The comment job: after every shard and the diff, even when a shard failed; writes the PR only.
  const comment = workflow.jobs.comment!;
  assert.deepEqual(comment.needs, ['validate', 'diff']);
  assert.equal(comment.if, "${{ !cancelled() && needs.diff.result == 'success' }}");
  assert.deepEqual(comment.permissions, { 'pull-requests': 'write' });
  assert.ok(!comment.steps.some((s) => s.uses?.startsWith('actions/checkout@')), 'checks nothing out');
  const runs = comment.steps.filter((s) => s.run).map((s) => s.run!);
  assert.equal(runs.length, 1, 'one step runs, the gather');
  // It reads files: every line starts with a shell builtin or cat, and no expression is spliced in.
  for (const line of runs[0]!.trim().split('\n')) assert.match(line, /^\s*(?:\{|\}|cat |for |echo$|printf |done$)/, line);
  assert.doesNotMatch(runs[0]!, /\$\{\{/);
  const download = comment.steps.find((s) => s.with?.pattern)!;
  assert.deepEqual(download.with, { pattern: 'platform-gitops-validate-*', 'merge-multiple': true, path: '${{ runner.temp }}/platform-gitops-validate' });
  assert.ok(`platform-gitops-validate-3`.startsWith(String(download.with?.pattern).replace('*', '')), 'the upload names match the pattern');
  assert.equal(comment.steps.at(-1)!.with?.path, '${{ runner.temp }}/comment.md');
  // Pinned as before: every action a full commit with its tag.
  const uses = Object.values(workflow.jobs).flatMap((j) => j.steps.filter((s) => s.uses).map((s) => s.uses!));
  for (const action of uses)
    assert.ok(
      (Object.values(CI_ACTIONS) as string[]).some((pin) => pin.startsWith(`${action} #`)),
      action,
    );
  // One shard: the workflow as before, no matrix.
  const single = workflowOf({ shards: 1 });
  assert.equal(single.jobs.validate!.strategy, undefined);
  assert.equal(single.jobs.comment!.needs, 'diff');
});

test('validate --shard i/N on five clusters: the shards are disjoint and together every cluster, for every N', (t) => {
  const dir = fiveClusterRepo();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const all = clustersOf(dir);
  assert.deepEqual([...all].sort(), [...FIVE].sort());
  for (const n of [2, 3, 5, 7]) {
    const shards = Array.from({ length: n }, (_, i) => clustersOf(dir, '--shard', `${i + 1}/${n}`));
    const union = shards.flat();
    assert.deepEqual([...union].sort(), [...all].sort(), `N=${n}: the union is every cluster`);
    assert.equal(new Set(union).size, union.length, `N=${n}: no cluster in two shards`);
    // As even as counts allow: sizes differ by at most one.
    const sizes = shards.map((s) => s.length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `N=${n}: ${sizes.join(',')}`);
  }
  // The same share on every run and machine: by sorted name.
  assert.deepEqual(clustersOf(dir, '--shard', '1/2'), ['apps', 'data', 'infra']);
});

test('validate --shard: a malformed share, or one given with --cluster, is a usage error (exit 2)', (t) => {
  const dir = fiveClusterRepo();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const args of [
    ['--shard', '0/3'],
    ['--shard', '4/3'],
    ['--shard', '2'],
    ['--shard', 'a/b'],
    ['--shard', '1/257'],
    ['--shard', '1/2', '--cluster', 'apps'],
  ]) {
    const result = run(dir, ['validate', ...args]);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /--shard/);
    assert.equal(result.stdout, '');
  }
});

test("the workflow's shard and gather steps, run as written: every shard reports, the comment holds them in order after the diff", (t) => {
  const dir = fiveClusterRepo();
  const runnerTemp = tempDir('gp-ci-runner-');
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(runnerTemp, { recursive: true, force: true });
  });
  const workflow = workflowOf({ shards: 3 });
  const validateStep = workflow.jobs.validate!.steps.find((s) => s.run?.startsWith('platform-gitops validate'))!;
  // The runner: platform-gitops on PATH as the install step puts it, the step's env with the matrix value.
  const toolBin = join(runnerTemp, 'platform-gitops/node_modules/.bin');
  mkdirSync(toolBin, { recursive: true });
  writeFileSync(join(toolBin, 'platform-gitops'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`, { mode: 0o755 });
  const env = (extra: Record<string, string>) => ({ ...(process.env as Record<string, string>), RUNNER_TEMP: runnerTemp, PATH: `${toolBin}:${process.env.PATH}`, ...extra });
  // GitHub's default shell for run: bash -e -o pipefail.
  const shell = (script: string, cwd: string, extra: Record<string, string> = {}) =>
    spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, encoding: 'utf8', env: env(extra) });
  const reports = join(runnerTemp, 'platform-gitops-validate'); // where the download step merges the artifacts
  mkdirSync(reports);
  const seen: string[] = [];
  for (const shard of workflow.jobs.validate!.strategy!.matrix.shard) {
    const result = shell(validateStep.run!, dir, { SHARD: String(shard) });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^::notice/m, 'annotations on stdout');
    const report = readFileSync(join(runnerTemp, `validate-${shard}.md`), 'utf8');
    assert.match(report, new RegExp(`^## platform-gitops validate \\(shard ${shard}/3\\): :white_check_mark:`));
    seen.push(...[...report.matchAll(/^### Cluster `([^`]+)`$/gm)].map((m) => m[1]!));
    writeFileSync(join(reports, `validate-${shard}.md`), report);
  }
  assert.deepEqual(seen.sort(), [...FIVE].sort(), 'each cluster in exactly one report');
  mkdirSync(join(runnerTemp, 'platform-gitops-diff'));
  writeFileSync(join(runnerTemp, 'platform-gitops-diff/diff.md'), '## platform-gitops diff\n\nNo cluster changed.\n');
  const gather = workflow.jobs.comment!.steps.find((s) => s.run)!;
  const gathered = () => {
    const result = shell(gather.run!, runnerTemp);
    assert.equal(result.status, 0, result.stderr);
    return readFileSync(join(runnerTemp, 'comment.md'), 'utf8');
  };
  const comment = gathered();
  const headings = [...comment.matchAll(/^## (.*?)(?::|$)/gm)].map((m) => m[1]);
  assert.deepEqual(headings, ['platform-gitops diff', 'platform-gitops validate (shard 1/3)', 'platform-gitops validate (shard 2/3)', 'platform-gitops validate (shard 3/3)']);
  for (const name of FIVE) assert.equal(comment.split(`### Cluster \`${name}\``).length, 2, `${name} once`);
  // A shard whose job died before its report: named in the comment, the others still there.
  rmSync(join(reports, 'validate-2.md'));
  const partial = gathered();
  assert.match(partial, /^## platform-gitops validate \(shard 2\/3\): no report\n\nIts job ended before validate wrote the report: see the job log\.\n/m);
  assert.match(partial, /shard 3\/3\): :white_check_mark:/);
});

test('platform-gitops ci --shard N is stored and asked like the other answers; a re-run writes no byte; a bad N names the field', () => {
  const ci = (cwd: string, ...args: string[]) => run(cwd, ['ci', ...args]);
  const dir = tempDir('gp-ci-shard-');
  mkdirSync(join(dir, 'kubernetes'));
  assert.equal(ci(dir, '--shard', '4').status, 0);
  const stored = () => (JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8')) as Record<string, { ci: { shards?: number } }>)[YO_RC_NAMESPACE]!.ci;
  assert.equal(stored().shards, 4);
  assert.match(readFileSync(join(dir, CI_WORKFLOW_PATH), 'utf8'), /--shard "\$SHARD\/4"/);
  const before = snapshotTree(dir);
  assert.equal(ci(dir).status, 0);
  assert.deepEqual(snapshotTree(dir), before, 'the stored N is kept, nothing rewritten');
  for (const bad of ['0', '257', 'four', '2.5']) {
    const result = ci(dir, '--shard', bad);
    assert.equal(result.status, 1, bad);
    assert.match(result.stderr, /shards: .* is not a number[\s\S]*\[ci-shards-invalid\]/);
    assert.deepEqual(snapshotTree(dir), before);
  }
  assert.equal(ci(dir, '--shard', '1').status, 0);
  assert.equal(stored().shards, undefined, 'one job is the default, not stored');
  assert.doesNotMatch(readFileSync(join(dir, CI_WORKFLOW_PATH), 'utf8'), /matrix/);
  assert.match(ci(dir, '--help').stdout, /--shard <N>/);
});
