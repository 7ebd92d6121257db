// Issue 18's "secrets into the PR comment" cases, through today's engine path and the real CLI:
// a kustomization of the pull request that points an inline generator, transformer, validator,
// replacement, openapi schema or KRM function at a file outside the repository or at the job's
// environment. Each: validate exits 1 with an error naming the kustomization, diff --format
// markdown (the PR comment) exits 0, and neither output holds the canary file's content, the
// canary environment variable, or /etc/passwd's first line; nothing outside changes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { generateCoreDnsRepo } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { STORY_ANSWERS } from '../support/story.js';
import { commitAll, gitInit } from './support/git-repo.js';
import { sandbox } from './support/hostile.js';

const LEAK = 'kubernetes/apps/leak';
const FLUX_KS =
  'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: leak\n  namespace: flux-system\nspec:\n  interval: 10m\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ./kubernetes/apps/leak\n  prune: true\n';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: default\ndata:\n  k: v\n';
const PASSWD_FIRST_LINE = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;

describe('a kustomization that reaches outside the repository', () => {
  const box = sandbox('gp-hostile-builds-');
  after(() => box.cleanup());
  /** The outside file as the kustomization folder sees it. */
  const fromLeak = (repo: string) => relative(join(repo, LEAK), box.outsideFile);
  const CASES: Array<[string, (repo: string) => string, RegExp]> = [
    [
      'an inline builtin ConfigMapGenerator reading /proc/self/environ',
      () => 'resources: [a.yaml]\ngenerators:\n  - |\n    apiVersion: builtin\n    kind: ConfigMapGenerator\n    metadata: {name: leak}\n    files: [/proc/self/environ]\n',
      /\/proc\/self\/environ: file does not exist/,
    ],
    [
      'an inline PatchTransformer whose path leaves the repository',
      (repo) => `resources: [a.yaml]\ntransformers:\n  - |\n    apiVersion: builtin\n    kind: PatchTransformer\n    metadata: {name: leak}\n    path: ${fromLeak(repo)}\n`,
      /PatchTransformer[^\n]*failed to get the patch file/,
    ],
    [
      'an inline validator (a generator reading /etc/passwd)',
      () => 'resources: [a.yaml]\nvalidators:\n  - |\n    apiVersion: builtin\n    kind: ConfigMapGenerator\n    metadata: {name: leak}\n    files: [/etc/passwd]\n',
      /not a transformer/,
    ],
    ['replacements from a file outside', (repo) => `resources: [a.yaml]\nreplacements:\n  - path: ${fromLeak(repo)}\n`, /ReplacementTransformer/],
    ['an openapi schema outside', (repo) => `resources: [a.yaml]\nopenapi:\n  path: ${fromLeak(repo)}\n`, /file does not exist/],
    ['a KRM exec function', () => 'resources: [a.yaml]\ntransformers: [fn.yaml]\n', /external plugins disabled/],
  ];

  for (const [name, kustomization, says] of CASES) {
    test(`${name}: validate exit 1 naming the kustomization; diff's comment holds no canary`, () => {
      const repo = box.dir(`repo-${CASES.findIndex((c) => c[0] === name)}`);
      gitInit(repo);
      generateCoreDnsRepo(repo, { ...STORY_ANSWERS, dependsOn: [] });
      commitAll(repo, 'base');
      mkdirSync(join(repo, LEAK), { recursive: true });
      writeFileSync(join(repo, LEAK, 'a.yaml'), CONFIG_MAP);
      writeFileSync(
        join(repo, LEAK, 'fn.yaml'),
        'apiVersion: example.com/v1\nkind: Leak\nmetadata:\n  name: fn\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: /bin/sh\n',
      );
      writeFileSync(join(repo, LEAK, 'kustomization.yaml'), kustomization(repo));
      writeFileSync(join(repo, 'kubernetes/clusters/apps/leak.yaml'), FLUX_KS);
      const cli = (args: readonly string[]) =>
        spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), ...args], { cwd: repo, encoding: 'utf8', timeout: 120_000, env: { ...process.env, [box.envName]: box.envCanary } });
      const validate = cli(['validate']);
      assert.equal(validate.status, 1, validate.stdout + validate.stderr);
      assert.match(validate.stdout, /^ {2}error +[a-z-]+ +kubernetes\/apps\/leak\/kustomization\.yaml +Kustomization\/flux-system\/leak$/m);
      assert.match(validate.stdout, says);
      const diff = cli(['diff', '--format', 'markdown']);
      assert.equal(diff.status, 0, diff.stderr);
      assert.match(diff.stdout, /`Kustomization flux-system\/leak`/, 'the new Flux Kustomization shows in the comment');
      const texts = [validate.stdout, validate.stderr, diff.stdout, diff.stderr];
      box.assertClean(texts);
      for (const text of texts) assert.ok(!text.includes(PASSWD_FIRST_LINE), '/etc/passwd');
    });
  }
});

describe('substitution input through the CLI', () => {
  const box = sandbox('gp-hostile-subst-');
  after(() => box.cleanup());
  const HELM_RELEASE = 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml';
  const CASES: Array<[string, string, string]> = [
    ['3000-deep nested ${A:-${B:-...}} (a stack overflow once)', `${'${A:-'.repeat(3000)}x${'}'.repeat(3000)}`, 'substitute-too-large'],
    ['an unclosed ${ (once reported as substitute-undefined)', '${CLUSTER', 'substitute-syntax'],
  ];
  for (const [name, value, code] of CASES) {
    test(`${name}: validate exit 1 with ${code} naming the file; no canary`, () => {
      const repo = box.dir(`repo-${code}`);
      generateCoreDnsRepo(repo, { ...STORY_ANSWERS, dependsOn: [] });
      const file = join(repo, HELM_RELEASE);
      writeFileSync(file, readFileSync(file, 'utf8').replace('  values:\n', `  values:\n    hostile: "${value}"\n`));
      const run = spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'validate'], {
        cwd: repo,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, [box.envName]: box.envCanary },
      });
      assert.equal(run.status, 1, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`^ {2}error +${code} +${HELM_RELEASE.replace(/[.]/g, '\\.')} +Kustomization/flux-system/coredns\n {10}[^\n]*HelmRelease/kube-system/coredns`, 'm'));
      assert.doesNotMatch(run.stdout, /substitute-undefined/);
      assert.ok(run.stdout.length < 20_000, 'messages quote a short excerpt, not the expression');
      box.assertClean([run.stdout, run.stderr]);
    });
  }
});
