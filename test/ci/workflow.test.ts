// The workflow platform-gitops ci writes: valid YAML in the repository's style, and every step
// that runs platform-gitops runs a command and options the real CLI accepts, end to end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CI_DIFF_FILE, CI_WORKFLOW_PATH, generateCoreDnsRepo, planCi, resolveCiConfig } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { STORY_ANSWERS } from '../support/story.js';
import { tempDir } from '../support/tree.js';
import { commitAll, git, gitInit } from '../review/support/git-repo.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { pull_request: { paths: string[] }; push: { branches: string[]; paths: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const workflowText = (answers: object = {}) => planCi(resolveCiConfig(answers)).find((file) => file.path === CI_WORKFLOW_PATH)!.contents;
const stepsOf = (workflow: Workflow): Step[] => Object.values(workflow.jobs).flatMap((job) => job.steps);

test('the workflow parses, triggers on the GitOps folders (pull requests and main), and may comment', () => {
  const text = workflowText({ gitopsPaths: ['clusters', 'apps/'] });
  const workflow = parse(text, { uniqueKeys: true }) as Workflow;
  assert.deepEqual(workflow.on.pull_request.paths, ['clusters/**', 'apps/**', CI_WORKFLOW_PATH]);
  assert.deepEqual(workflow.on.push, { branches: ['main'], paths: ['clusters/**', 'apps/**', CI_WORKFLOW_PATH] });
  assert.deepEqual(workflow.permissions, { contents: 'read', 'pull-requests': 'write' });
  // The repository's YAML style: two-space indents, no tabs, no trailing spaces.
  for (const line of text.split('\n')) {
    assert.match(line, /^(?: {2})*(?:\S.*)?$/, `indent of ${JSON.stringify(line)}`);
    assert.doesNotMatch(line, /\s$/, `trailing space in ${JSON.stringify(line)}`);
  }
  const steps = stepsOf(workflow);
  assert.deepEqual(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with, { 'fetch-depth': 0 });
  assert.deepEqual(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with, { 'node-version': '20' });
  // Every action is pinned to a version tag, never a branch.
  for (const step of steps.filter((s) => s.uses)) assert.match(step.uses!, /@v\d+(?:\.\d+){0,2}$/, step.uses);
});

test('the install step installs the package whose bin is platform-gitops, as packageSpec says', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
  const install = (answers: object) => stepsOf(parse(workflowText(answers)) as Workflow).find((s) => s.run?.startsWith('npm install'))!.run;
  assert.equal(install({}), `npm install --no-save ${pkg.name}`);
  assert.ok(pkg.bin['platform-gitops']);
  assert.equal(install({ packageSpec: 'generator-platform@1.2.3' }), 'npm install --no-save generator-platform@1.2.3');
});

test('the comment step posts the file the diff step writes, with the diff as markdown', () => {
  const steps = stepsOf(parse(workflowText()) as Workflow);
  const diff = steps.find((s) => s.run?.includes('platform-gitops diff'))!;
  const comment = steps.find((s) => s.uses?.startsWith('marocchino/sticky-pull-request-comment@'))!;
  const redirect = /--format markdown > (\S+)$/.exec(diff.run!);
  assert.ok(redirect, diff.run);
  assert.equal(redirect[1], CI_DIFF_FILE);
  assert.equal(comment.with?.path, CI_DIFF_FILE);
  // One comment per pull request: the header keys the sticky comment it updates.
  assert.equal(typeof comment.with?.header, 'string');
  // It only comments what the diff step produced, and the diff only runs for pull requests.
  assert.match(comment.if!, new RegExp(`steps\\.${diff.id}\\.outcome == 'success'`));
  assert.match(diff.if!, /github\.event_name == 'pull_request'/);
  assert.match(diff.run!, /--base origin\/\$\{\{ github\.base_ref \}\}/);
});

test('every platform-gitops step runs as the workflow would: the real CLI accepts the command and its options', () => {
  // A repository as the pull request's checkout sees it: the base branch as origin/main, a change
  // on top, and platform-gitops installed in node_modules (what the install step does).
  const dir = tempDir('gp-ci-workflow-');
  const answers = { ...STORY_ANSWERS, dependsOn: [] }; // no cilium-core here: validation is clean
  gitInit(dir);
  generateCoreDnsRepo(dir, answers);
  commitAll(dir, 'base');
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'checkout', '-q', '-b', 'change');
  generateCoreDnsRepo(dir, { ...answers, clusters: answers.clusters.map((c) => ({ ...c, replicas: 3 })) });
  commitAll(dir, 'three replicas');
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(join(ROOT, 'bin/platform-gitops.js'), join(dir, 'node_modules/.bin/platform-gitops'));

  const runs = stepsOf(parse(workflowText()) as Workflow)
    .map((s) => s.run)
    .filter((run): run is string => run?.startsWith('npx platform-gitops') === true);
  assert.deepEqual(
    runs.map((run) => run.split(' ')[2]),
    ['validate', 'diff'],
  );
  for (const run of runs) {
    // GitHub replaces ${{ github.base_ref }} with the pull request's base branch before the shell runs.
    const line = run.replaceAll('${{ github.base_ref }}', 'main');
    const result = spawnSync('sh', ['-c', line], { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' } });
    assert.equal(result.status, 0, `${line}\n${result.stdout}\n${result.stderr}`);
    if (run.includes(' validate ')) assert.match(result.stdout, /^::notice/m, 'github annotations');
  }
  const markdown = readFileSync(join(dir, CI_DIFF_FILE), 'utf8');
  assert.match(markdown, /\| apps \|[\s\S]*- {4}replicaCount: 2\n\+ {4}replicaCount: 3/);
});
