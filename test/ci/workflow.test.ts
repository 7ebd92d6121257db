// The workflow platform-gitops ci writes: valid YAML in the repository's style, and every step
// that runs platform-gitops runs a command and options the real CLI accepts, end to end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CI_ACTIONS, CI_DIFF_FILE, CI_WORKFLOW_PATH, DEFAULT_NODE_VERSION, generateCoreDnsRepo, planCi, resolveCiConfig } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { STORY_ANSWERS } from '../support/story.js';
import { commitAll, git, gitInit } from '../review/support/git-repo.js';
import { sandbox } from '../review/support/hostile.js';

interface Step {
  name?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { pull_request: { paths: string[] }; push: { branches: string[]; paths: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { if?: string; needs?: string; permissions: Record<string, string>; steps: Step[] }>;
}

const workflowText = (answers: object = {}) => planCi(resolveCiConfig(answers)).find((file) => file.path === CI_WORKFLOW_PATH)!.contents;
const stepsOf = (workflow: Workflow): Step[] => Object.values(workflow.jobs).flatMap((job) => job.steps);

test('the workflow parses, triggers on the GitOps folders, and gives each job only what it needs', () => {
  const text = workflowText({ gitopsPaths: ['clusters', 'apps/'] });
  const workflow = parse(text, { uniqueKeys: true }) as Workflow;
  assert.deepEqual(workflow.on.pull_request.paths, ['clusters/**', 'apps/**', CI_WORKFLOW_PATH]);
  assert.deepEqual(workflow.on.push, { branches: ['main'], paths: ['clusters/**', 'apps/**', CI_WORKFLOW_PATH] });
  // Nothing at the top; per job: the two that read the pull request's files only read.
  assert.deepEqual(workflow.permissions, {});
  assert.deepEqual(workflow.jobs.validate!.permissions, { contents: 'read' });
  assert.deepEqual(workflow.jobs.diff!.permissions, { contents: 'read' });
  assert.equal(workflow.jobs.diff!.if, "github.event_name == 'pull_request'");
  // The one job that may write runs on pull requests only (after diff), and checks nothing out.
  assert.deepEqual(workflow.jobs.comment!.permissions, { 'pull-requests': 'write' });
  assert.equal(workflow.jobs.comment!.needs, 'diff');
  assert.ok(!workflow.jobs.comment!.steps.some((s) => s.uses?.startsWith('actions/checkout@') || s.run), 'the comment job runs nothing of the pull request');
  // The repository's YAML style: two-space indents, no tabs, no trailing spaces.
  for (const line of text.split('\n')) {
    assert.match(line, /^(?: {2})*(?:\S.*)?$/, `indent of ${JSON.stringify(line)}`);
    assert.doesNotMatch(line, /\s$/, `trailing space in ${JSON.stringify(line)}`);
  }
  const steps = stepsOf(workflow);
  for (const checkout of steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) assert.equal(checkout.with?.['persist-credentials'], false);
  assert.equal(workflow.jobs.diff!.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth'], 0);
  for (const setup of steps.filter((s) => s.uses?.startsWith('actions/setup-node@'))) assert.deepEqual(setup.with, { 'node-version': DEFAULT_NODE_VERSION });
  assert.equal(DEFAULT_NODE_VERSION, '26', 'the Active LTS line in December 2026');
  // Every action is pinned to a full commit, the release tag in a comment after it.
  for (const step of steps.filter((s) => s.uses)) assert.match(step.uses!, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/, step.uses);
  const pins = [...text.matchAll(/uses: (\S+@[0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/gm)].map((m) => `${m[1]} # ${m[2]}`);
  assert.equal(pins.length, steps.filter((s) => s.uses).length);
  for (const pin of pins) assert.ok((Object.values(CI_ACTIONS) as string[]).includes(pin), pin);
});

test('the install step installs this exact version outside the checkout, and no step uses npx', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };
  const install = (answers: object) => stepsOf(parse(workflowText(answers)) as Workflow).find((s) => s.run?.startsWith('npm install'))!;
  const step = install({});
  assert.equal(
    step.run,
    `npm install --prefix "$RUNNER_TEMP/platform-gitops" --no-audit --no-fund ${pkg.name}@${pkg.version} && echo "$RUNNER_TEMP/platform-gitops/node_modules/.bin" >> "$GITHUB_PATH"`,
  );
  assert.equal(step['working-directory'], '${{ runner.temp }}');
  assert.ok(pkg.bin['platform-gitops']);
  assert.match(install({ packageSpec: 'generator-platform@1.2.3' }).run!, / generator-platform@1\.2\.3 && /);
  for (const s of stepsOf(parse(workflowText()) as Workflow)) assert.doesNotMatch(s.run ?? '', /\bnpx\b/);
});

test('the comment job posts the file the diff step writes (in the runner temp folder), with the diff as markdown', () => {
  const workflow = parse(workflowText()) as Workflow;
  const diff = workflow.jobs.diff!.steps.find((s) => s.run?.includes('platform-gitops diff'))!;
  const upload = workflow.jobs.diff!.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
  const download = workflow.jobs.comment!.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
  const comment = workflow.jobs.comment!.steps.find((s) => s.uses?.startsWith('marocchino/sticky-pull-request-comment@'))!;
  assert.equal(diff.run, `platform-gitops diff --base "origin/$BASE_REF" --format markdown > "$RUNNER_TEMP/${CI_DIFF_FILE}"`);
  // The branch name reaches the shell as data, never spliced into the script.
  assert.deepEqual(diff.env, { BASE_REF: '${{ github.base_ref }}' });
  assert.equal(upload.with?.path, `\${{ runner.temp }}/${CI_DIFF_FILE}`);
  assert.equal(download.with?.name, upload.with?.name);
  assert.equal(comment.with?.path, `${download.with?.path}/${CI_DIFF_FILE}`);
  assert.equal(typeof comment.with?.header, 'string');
  assert.match(workflow.jobs.comment!.if!, /needs\.diff\.result == 'success'/);
});

/** A pull request's checkout with the base as origin/main; platform-gitops installed where the install step puts it. */
function checkoutWithTool(root: string): { repo: string; runnerTemp: string } {
  const repo = join(root, 'work/repo');
  const runnerTemp = join(root, 'runner-temp');
  mkdirSync(repo, { recursive: true });
  mkdirSync(join(runnerTemp, 'platform-gitops/node_modules/.bin'), { recursive: true });
  symlinkSync(join(ROOT, 'bin/platform-gitops.js'), join(runnerTemp, 'platform-gitops/node_modules/.bin/platform-gitops'));
  gitInit(repo);
  generateCoreDnsRepo(repo, { ...STORY_ANSWERS, dependsOn: [] }); // no cilium-core here: validation is clean
  commitAll(repo, 'base');
  git(repo, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(repo, 'checkout', '-q', '-b', 'change');
  return { repo, runnerTemp };
}

/** A step's `run:` as the runner executes it: sh, PATH with what the install step added to GITHUB_PATH first, the step's env. */
function runStep(step: Step, cwd: string, runnerTemp: string, extra: { env?: Record<string, string>; pathFirst?: string } = {}) {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, v === '${{ github.base_ref }}' ? 'main' : v])),
    ...extra.env,
    RUNNER_TEMP: runnerTemp,
    PATH: [join(runnerTemp, 'platform-gitops/node_modules/.bin'), ...(extra.pathFirst ? [extra.pathFirst] : []), process.env.PATH].join(':'),
  };
  return spawnSync('sh', ['-c', step.run!], { cwd, encoding: 'utf8', env });
}

test('every platform-gitops step runs as the workflow writes it: the real CLI accepts the command and its options', (t) => {
  const box = sandbox('gp-ci-workflow-');
  t.after(() => box.cleanup());
  const { repo, runnerTemp } = checkoutWithTool(box.root);
  generateCoreDnsRepo(repo, { ...STORY_ANSWERS, dependsOn: [], clusters: STORY_ANSWERS.clusters.map((c) => ({ ...c, replicas: 3 })) });
  commitAll(repo, 'three replicas');
  const steps = stepsOf(parse(workflowText()) as Workflow).filter((s) => s.run?.startsWith('platform-gitops '));
  assert.deepEqual(
    steps.map((s) => s.run!.split(' ')[1]),
    ['validate', 'diff'],
  );
  for (const step of steps) {
    const result = runStep(step, repo, runnerTemp);
    assert.equal(result.status, 0, `${step.run}\n${result.stdout}\n${result.stderr}`);
    if (step.run!.includes(' validate ')) assert.match(result.stdout, /^::notice/m, 'github annotations');
  }
  const markdown = readFileSync(join(runnerTemp, CI_DIFF_FILE), 'utf8');
  assert.match(markdown, /\| `apps` \|[\s\S]*- {4}replicaCount: 2\n\+ {4}replicaCount: 3/);
});

test('the diff step on a hostile pull request: the comment body holds no canary, and nothing the pull request brings runs', (t) => {
  const box = sandbox('gp-ci-hostile-');
  t.after(() => box.cleanup());
  const { repo, runnerTemp } = checkoutWithTool(box.root);
  // What actions/checkout would leave without persist-credentials: false, and a token in the job's environment.
  const tokenCanary = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${box.envCanary}`).toString('base64')}`;
  git(repo, 'config', 'http.https://github.com/.extraheader', tokenCanary);
  const secretCanary = `SECRET-CANARY-${Math.random().toString(36).slice(2)}`;
  const markers = ['fsmonitor', 'git', 'tar', 'kustomize', 'kubectl', 'sh-hook'].map((name) => join(box.root, `ran-${name}`));
  const cluster = join(repo, 'kubernetes/clusters/apps');
  // A Secret whose value the pull request changes: the change shows, the value never.
  const secret = (value: string) =>
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: default\nstringData:\n  password: ${value}\ndata:\n  token: ${Buffer.from(value).toString('base64')}\n`;
  writeFileSync(join(cluster, 'db-secret.yaml'), secret('old-value'));
  commitAll(repo, 'a secret');
  git(repo, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  writeFileSync(join(cluster, 'db-secret.yaml'), secret(secretCanary));
  // A Kustomization whose configMapGenerator reads the checkout's git config, the job's environment and a file outside.
  mkdirSync(join(repo, 'kubernetes/apps/leak'), { recursive: true });
  writeFileSync(
    join(repo, 'kubernetes/apps/leak/kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator:\n  - name: leak\n    namespace: default\n    files:\n      - ../../../.git/config\n      - /proc/self/environ\n      - ${box.outsideFile}\n      - ../../../../../outside-secret.txt\n`,
  );
  writeFileSync(
    join(cluster, 'leak.yaml'),
    'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: leak\n  namespace: flux-system\nspec:\n  interval: 10m\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ./kubernetes/apps/leak\n  prune: true\n',
  );
  // Files that make kubernetes/ look like a git repository whose fsmonitor is a program of the pull request.
  mkdirSync(join(repo, 'kubernetes/objects/info'), { recursive: true });
  mkdirSync(join(repo, 'kubernetes/refs/heads'), { recursive: true });
  writeFileSync(join(repo, 'kubernetes/HEAD'), 'ref: refs/heads/main\n');
  box.trap(join(repo, 'fsmonitor.sh'), markers[0]!);
  writeFileSync(join(repo, 'kubernetes/config'), `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = ${join(repo, 'fsmonitor.sh')}\n`);
  // Programs on the checkout's node_modules/.bin (first on PATH under npx).
  const bin = join(repo, 'node_modules/.bin');
  mkdirSync(bin, { recursive: true });
  for (const [i, name] of ['git', 'tar', 'kustomize', 'kubectl'].entries()) box.trap(join(bin, name), markers[i + 1]!);
  box.trap(join(repo, 'hook.sh'), markers[5]!);
  writeFileSync(join(repo, '.gitattributes'), '* filter=evil diff=evil\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '--no-gpg-sign', '--no-verify', '-m', 'hostile');
  // The repository's own config naming programs for those attributes (a user's config could).
  git(repo, 'config', 'filter.evil.clean', join(repo, 'hook.sh'));
  git(repo, 'config', 'diff.evil.textconv', join(repo, 'hook.sh'));
  git(repo, 'config', 'core.hooksPath', repo);

  const diff = stepsOf(parse(workflowText()) as Workflow).find((s) => s.run?.includes('platform-gitops diff'))!;
  const result = runStep(diff, repo, runnerTemp, { env: { [box.envName]: box.envCanary, GITHUB_TOKEN: box.envCanary }, pathFirst: bin });
  assert.equal(result.status, 0, result.stderr);
  const comment = readFileSync(join(runnerTemp, CI_DIFF_FILE), 'utf8');
  box.assertClean([comment, result.stdout, result.stderr], markers);
  for (const text of [comment, result.stderr]) {
    assert.ok(!text.includes(secretCanary), 'the Secret value');
    assert.ok(!text.includes(Buffer.from(secretCanary).toString('base64')), 'the Secret data, base64');
    assert.ok(!text.includes('x-access-token') && !text.includes(tokenCanary), 'the checkout token');
  }
  // The Secret's change is still visible, as two different digests.
  assert.match(comment, /^- {2}password: <redacted sha256:([0-9a-f]{8})>\n\+ {2}password: <redacted sha256:(?!\1)[0-9a-f]{8}>$/m);
  assert.match(comment, /^\| `apps` \| changed \|/m);
});
