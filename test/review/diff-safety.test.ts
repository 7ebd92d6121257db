// diff on a stranger's pull request: no program the repository brings runs, git never takes a
// committed folder for a repository, user refs are checked and echoed short, an unknown cluster is
// a usage error, and the base's copy is removed however the run ends.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CoreDnsAnswers, generateCoreDnsRepo } from '../../src/index.js';
import { diffRepo } from '../../src/review/index.js';
import { ROOT } from '../support/package-paths.js';
import { commitAll, git, gitInit } from './support/git-repo.js';
import { sandbox } from './support/hostile.js';

const cluster = (name: string, octet: number, replicas = 2) => ({ name, serviceCidr: `10.${octet}.0.0/16`, dnsIp: `10.${octet}.0.10`, replicas });
const ANSWERS: CoreDnsAnswers = { clusters: [cluster('apps', 247), cluster('edge', 246)], chart: { version: '1.38.0', source: 'helm' }, dependsOn: [] };

describe('platform-gitops diff on a hostile repository', () => {
  const box = sandbox('gp-diff-safety-');
  const tmp = box.dir('tmp');
  const markers = ['fsmonitor', 'git', 'tar', 'ext-diff', 'hook', 'pager'].map((name) => join(box.root, `ran-${name}`));
  const repo = join(box.root, 'repo');
  const bin = join(repo, 'node_modules/.bin');
  /** The CLI as a user runs it: PATH with the repository's node_modules/.bin first (as npx does), canary env, TMPDIR ours. */
  const cli = (args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'diff', ...args], {
      cwd: options.cwd ?? repo,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:.:${process.env.PATH}`, TMPDIR: tmp, [box.envName]: box.envCanary, ...options.env },
    });
  const ownCopies = () => readdirSync(tmp).filter((name) => name.startsWith('platform-gitops-diff-'));

  before(() => {
    mkdirSync(repo);
    gitInit(repo);
    generateCoreDnsRepo(repo, ANSWERS);
    // kubernetes/ made to look like a git repository whose fsmonitor is the pull request's script.
    mkdirSync(join(repo, 'kubernetes/objects/info'), { recursive: true });
    mkdirSync(join(repo, 'kubernetes/refs/heads'), { recursive: true });
    writeFileSync(join(repo, 'kubernetes/objects/info/.keep'), '');
    writeFileSync(join(repo, 'kubernetes/refs/heads/.keep'), '');
    writeFileSync(join(repo, 'kubernetes/HEAD'), 'ref: refs/heads/main\n');
    box.trap(join(repo, 'fsmonitor.sh'), markers[0]!);
    writeFileSync(join(repo, 'kubernetes/config'), `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = ${join(repo, 'fsmonitor.sh')}\n`);
    mkdirSync(bin, { recursive: true });
    box.trap(join(bin, 'git'), markers[1]!);
    box.trap(join(bin, 'tar'), markers[2]!);
    box.trap(join(repo, 'ext-diff.sh'), markers[3]!);
    box.trap(join(repo, 'hook.sh'), markers[4]!);
    box.trap(join(repo, 'pager.sh'), markers[5]!);
    writeFileSync(join(repo, '.gitattributes'), '* filter=evil diff=evil\n');
    commitAll(repo, 'base');
    git(repo, 'config', 'filter.evil.clean', join(repo, 'hook.sh'));
    git(repo, 'config', 'filter.evil.process', join(repo, 'hook.sh'));
    git(repo, 'config', 'diff.evil.textconv', join(repo, 'hook.sh'));
    git(repo, 'config', 'diff.external', join(repo, 'ext-diff.sh'));
    git(repo, 'config', 'core.fsmonitor', join(repo, 'fsmonitor.sh'));
    git(repo, 'config', 'core.pager', join(repo, 'pager.sh'));
    // A change, so that git and the base's copy are both needed.
    const settings = join(repo, 'kubernetes/clusters/apps/cluster-settings.yaml');
    writeFileSync(settings, spawnSync('sed', ['s/COREDNS_REPLICAS: "2"/COREDNS_REPLICAS: "3"/', settings], { encoding: 'utf8' }).stdout);
  });
  after(() => box.cleanup());

  test('from kubernetes/ (a committed fake repository) and with --repo kubernetes: the real repository is used, no program of the repository runs', () => {
    for (const run of [cli(['--repo', 'kubernetes']), cli([], { cwd: join(repo, 'kubernetes') }), cli([])]) {
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^=== apps: 0 added, 0 removed, [12] changed\n~ ConfigMap flux-system\/cluster-settings$/m);
      assert.match(run.stdout, /^1 cluster changed, 1 unchanged \(base: HEAD \(/m);
      box.assertClean([run.stdout, run.stderr], markers);
    }
    assert.deepEqual(ownCopies(), []);
  });

  test('GIT_* overrides from the environment are cleared (GIT_DIR, GIT_EXTERNAL_DIFF, GIT_CONFIG_PARAMETERS)', () => {
    const run = cli([], {
      env: {
        GIT_DIR: join(repo, 'kubernetes'),
        GIT_WORK_TREE: join(repo, 'kubernetes'),
        GIT_EXTERNAL_DIFF: join(repo, 'ext-diff.sh'),
        GIT_CONFIG_PARAMETERS: `'core.fsmonitor'='${join(repo, 'fsmonitor.sh')}'`,
      },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^=== apps: /m);
    box.assertClean([run.stdout, run.stderr], markers);
  });

  test('a folder with git files but no .git above it is not a repository: exit 2, nothing runs', () => {
    const fake = box.dir('fake/kubernetes');
    for (const dir of ['objects/info', 'refs/heads']) mkdirSync(join(fake, dir), { recursive: true });
    writeFileSync(join(fake, 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(fake, 'config'), `[core]\n\trepositoryformatversion = 0\n\tbare = true\n\tfsmonitor = ${join(repo, 'fsmonitor.sh')}\n`);
    const run = cli(['--repo', fake], { cwd: fake });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /is not inside a git repository/);
    box.assertClean([run.stdout, run.stderr], markers);
  });

  test('--base: an option-like or oversized ref is refused (exit 2) and echoed as a short excerpt', () => {
    const long = `main${'x'.repeat(100_000)}`;
    const huge = cli(['--base', long]);
    assert.equal(huge.status, 2);
    assert.match(huge.stderr, /^platform-gitops diff: --base "mainx{56}…" is not a valid git ref; give a branch, tag or commit id\n$/);
    const option = cli([`--base=--output=${join(box.root, 'written')}`]);
    assert.equal(option.status, 2);
    assert.match(option.stderr, /is not a valid git ref/);
    assert.equal(existsSync(join(box.root, 'written')), false);
    const outside = cli(['--base', `main:../${box.outsideFile}`]);
    assert.equal(outside.status, 2);
    box.assertClean([huge.stderr, option.stderr, outside.stdout, outside.stderr], markers);
  });

  test('--cluster that names no cluster: exit 2 naming the clusters found', () => {
    const run = cli(['--cluster', 'nope']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'platform-gitops diff: no cluster "nope"; the clusters are: apps, edge\n');
    assert.equal(run.stdout, '');
    assert.deepEqual(ownCopies(), []);
    const known = cli(['--cluster', 'edge', '--exit-code']);
    assert.equal(known.status, 0, known.stderr);
  });

  test('a home-ops cluster is named from its entry folder, never the checkout folder, at the base and in the work tree', async () => {
    const od2 = join(box.dir('checkouts'), 'od2');
    cpSync(join(ROOT, 'test/fixtures/repos/home-ops'), od2, { recursive: true });
    gitInit(od2);
    commitAll(od2, 'home-ops');
    for (const [file, from, to] of [
      ['kubernetes/apps/media/jellyfin/app/helmrelease.yaml', 'tag: 10.10.7', 'tag: 10.10.8'],
      ['kubernetes/flux/vars/cluster-settings.yaml', 'TIMEZONE: Europe/Berlin', 'TIMEZONE: Europe/Paris'],
    ] as const) {
      const path = join(od2, file);
      writeFileSync(path, readFileSync(path, 'utf8').replace(from, to));
      const report = await diffRepo({ repo: od2, tempDir: tmp });
      assert.deepEqual(
        report.clusters.map((c) => [c.name, c.path, c.status, c.added.length, c.removed.length]),
        [['cluster', 'kubernetes/flux/cluster', 'changed', 0, 0]],
        file,
      );
      assert.ok(report.clusters[0]!.changed.length > 0, file);
      commitAll(od2, file);
    }
    assert.deepEqual(ownCopies(), []);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} while the base is rendered: the base's copy is removed and the run dies of the signal`, async () => {
      // Every cluster changes (the chart), so the base renders for a while.
      const many = join(box.root, `many-${signal}`);
      mkdirSync(many);
      gitInit(many);
      const clusters = Array.from({ length: 24 }, (_, i) => cluster(`c${i}`, 100 + i));
      generateCoreDnsRepo(many, { ...ANSWERS, clusters });
      commitAll(many, 'base');
      generateCoreDnsRepo(many, { ...ANSWERS, clusters, chart: { version: '1.38.1', source: 'helm' } });
      const child = spawn(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'diff', '--repo', many], { env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
      // Wait for the copy to exist, then a little into the renders.
      for (let i = 0; i < 600 && ownCopies().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(ownCopies().length, 1, 'the base was copied');
      await new Promise((r) => setTimeout(r, 200));
      child.kill(signal);
      const result = await exited;
      assert.equal(result.signal, signal);
      assert.deepEqual(ownCopies(), []);
    });
  }
});
