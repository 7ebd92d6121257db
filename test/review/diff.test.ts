import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { type CoreDnsAnswers, generateCoreDnsRepo } from '../../src/index.js';
import { type DiffReport, diffRepo, formatDiff, runDiffCommand } from '../../src/review/index.js';
import { InputFinder, touches } from '../../src/review/diff/cluster-inputs.js';
import { ROOT } from '../support/package-paths.js';
import { commitAll, git, gitInit } from './support/git-repo.js';
import { tempDir } from '../support/tree.js';

const cluster = (name: string, octet: number, replicas = 2) => ({ name, serviceCidr: `10.${octet}.0.0/16`, dnsIp: `10.${octet}.0.10`, replicas });
const ANSWERS: CoreDnsAnswers = { clusters: [cluster('apps', 247), cluster('edge', 246), cluster('infra', 245)], chart: { version: '1.38.0', source: 'helm' } };
const SETTINGS = (name: string) => `kubernetes/clusters/${name}/cluster-settings.yaml`;
const GOLDEN = join(ROOT, 'test/golden/review/diff.md');

/** `[kind ns/name, ...]` of a list of refs, to compare at a glance. */
const names = (refs: ReadonlyArray<{ kind: string; namespace: string; name: string }>) => refs.map((r) => `${r.kind} ${r.namespace}/${r.name}`);
const shape = (report: DiffReport) => report.clusters.map((c) => ({ name: c.name, status: c.status, added: names(c.added), removed: names(c.removed), changed: names(c.changed) }));

function editFile(dir: string, file: string, from: string, to: string): void {
  const text = readFileSync(join(dir, file), 'utf8');
  assert.ok(text.includes(from), `${file} holds ${from}`);
  writeFileSync(join(dir, file), text.replace(from, to));
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } } };
}

describe('platform-gitops diff', () => {
  const dir = tempDir('gp-diff-');
  const commits: Record<string, string> = {};
  const checkout = (commit: string) => git(dir, 'checkout', '-q', '--detach', commit);

  before(() => {
    gitInit(dir);
    generateCoreDnsRepo(dir, ANSWERS);
    commits.initial = commitAll(dir, 'three clusters');
    editFile(dir, SETTINGS('apps'), 'COREDNS_REPLICAS: "2"', 'COREDNS_REPLICAS: "3"');
    commits.replicas = commitAll(dir, 'apps: 3 replicas');
    const bumped: CoreDnsAnswers = { clusters: [cluster('apps', 247, 3), cluster('edge', 246), cluster('infra', 245)], chart: { version: '1.38.1', source: 'helm' } };
    generateCoreDnsRepo(dir, bumped);
    commits.chart = commitAll(dir, 'chart 1.38.1');
    generateCoreDnsRepo(dir, { ...bumped, clusters: [...bumped.clusters, cluster('lab', 248)] });
    commits.added = commitAll(dir, 'add lab');
    rmSync(join(dir, 'kubernetes/clusters/edge'), { recursive: true });
    commits.removed = commitAll(dir, 'remove edge');
  });

  test('replicas changed in one cluster-settings: only that cluster, its ConfigMap and HelmRelease', async () => {
    checkout(commits.replicas!);
    const report = await diffRepo({ repo: dir, base: commits.initial! });
    assert.deepEqual(shape(report), [{ name: 'apps', status: 'changed', added: [], removed: [], changed: ['ConfigMap flux-system/cluster-settings', 'HelmRelease kube-system/coredns'] }]);
    assert.deepEqual(report.unchanged, ['edge', 'infra']);
    assert.match(report.clusters[0]!.changed[1]!.diff, /^- {4}replicaCount: 2\n\+ {4}replicaCount: 3$/m);
  });

  test('a shared chart version bump changes the HelmRelease of every cluster, nothing else', async () => {
    checkout(commits.chart!);
    const report = await diffRepo({ repo: dir, base: commits.replicas! });
    assert.deepEqual(
      shape(report).map((c) => [c.name, c.added, c.removed, c.changed]),
      ['apps', 'edge', 'infra'].map((n) => [n, [], [], ['HelmRelease kube-system/coredns']]),
    );
    for (const c of report.clusters) assert.match(c.changed[0]!.diff, /^- {6}version: 1\.38\.0\n\+ {6}version: 1\.38\.1$/m);
  });

  test('a cluster added lists all its objects as added; the others print nothing', async () => {
    checkout(commits.added!);
    const report = await diffRepo({ repo: dir, base: commits.chart! });
    assert.deepEqual(shape(report), [
      {
        name: 'lab',
        status: 'added',
        added: [
          'ConfigMap flux-system/cluster-settings',
          'HelmRelease kube-system/coredns',
          'HelmRepository kube-system/coredns',
          'Kustomization flux-system/cluster-lab-infrastructure',
          'Kustomization flux-system/coredns',
          'Kustomization flux-system/coredns-monitoring',
          'PrometheusRule kube-system/coredns',
          'ServiceMonitor kube-system/coredns',
        ],
        removed: [],
        changed: [],
      },
    ]);
    assert.deepEqual(report.unchanged, ['apps', 'edge', 'infra']);
  });

  test('a cluster removed lists all its objects as removed', async () => {
    checkout(commits.removed!);
    const report = await diffRepo({ repo: dir, base: commits.added! });
    assert.deepEqual(
      shape(report).map((c) => [c.name, c.status, c.removed.length, c.added.length, c.changed.length]),
      [['edge', 'removed', 8, 0, 0]],
    );
    assert.deepEqual(report.unchanged, ['apps', 'infra', 'lab']);
  });

  test('--cluster limits the report to that cluster', async () => {
    checkout(commits.removed!);
    const report = await diffRepo({ repo: dir, base: commits.initial!, cluster: 'infra' });
    assert.deepEqual(
      shape(report).map((c) => [c.name, c.changed]),
      [['infra', ['HelmRelease kube-system/coredns']]],
    );
  });

  test('the Markdown comment matches the golden file byte for byte', async () => {
    checkout(commits.removed!);
    const markdown = formatDiff(await diffRepo({ repo: dir, base: commits.initial! }), 'markdown');
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, markdown);
    assert.equal(markdown, readFileSync(GOLDEN, 'utf8'));
    assert.equal(formatDiff(await diffRepo({ repo: dir, base: commits.initial! }), 'markdown'), markdown, 'a second run is identical');
  });

  test('without --base: on the default branch, the uncommitted work (untracked files too) against HEAD', async () => {
    git(dir, 'checkout', '-q', 'main');
    editFile(dir, SETTINGS('infra'), 'COREDNS_REPLICAS: "2"', 'COREDNS_REPLICAS: "4"');
    generateCoreDnsRepo(dir, { ...ANSWERS, clusters: [cluster('apps', 247, 3), cluster('infra', 245, 4), cluster('lab', 248), cluster('new', 249)], chart: { version: '1.38.1', source: 'helm' } });
    try {
      const report = await diffRepo({ repo: dir });
      assert.equal(report.base.label, `HEAD (${commits.removed!.slice(0, 7)})`);
      assert.equal(report.base.commit, commits.removed);
      assert.deepEqual(
        shape(report).map((c) => [c.name, c.status]),
        [
          ['infra', 'changed'],
          ['new', 'added'],
        ],
      );
    } finally {
      git(dir, 'checkout', '-q', '--', '.');
      git(dir, 'clean', '-qfd');
    }
  });

  test('without --base: on a branch, the merge base with main, so later commits on main do not show', async () => {
    git(dir, 'checkout', '-q', '-b', 'feature', 'main');
    editFile(dir, SETTINGS('infra'), 'COREDNS_CLUSTER_IP: "10.245.0.10"', 'COREDNS_CLUSTER_IP: "10.245.0.53"');
    commitAll(dir, 'infra: new DNS IP');
    git(dir, 'checkout', '-q', 'main');
    editFile(dir, SETTINGS('lab'), 'COREDNS_REPLICAS: "2"', 'COREDNS_REPLICAS: "5"');
    commitAll(dir, 'lab: 5 replicas');
    git(dir, 'checkout', '-q', 'feature');
    const report = await diffRepo({ repo: dir });
    assert.equal(report.base.label, `merge base with main (${commits.removed!.slice(0, 7)})`);
    assert.equal(report.base.commit, commits.removed);
    assert.deepEqual(
      shape(report).map((c) => [c.name, c.changed]),
      [['infra', ['ConfigMap flux-system/cluster-settings', 'HelmRelease kube-system/coredns']]],
    );
  });

  test('exit codes: 0 no change, 1 changes only with --exit-code, 2 usage; base tree removed', async (t) => {
    checkout(commits.removed!);
    // The base's copy goes to TMPDIR: a folder of this test's own, empty again after each run.
    const ownTmp = tempDir('gp-diff-tmp-');
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = ownTmp;
    t.after(() => {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      rmSync(ownTmp, { recursive: true, force: true });
    });
    const run = async (...args: string[]) => {
      const c = capture();
      return { code: await runDiffCommand(['--repo', dir, ...args], c.io), out: c.out.join(''), err: c.err.join('') };
    };
    const clean = await run('--base', 'HEAD', '--exit-code');
    assert.equal(clean.code, 0);
    assert.equal(clean.out, `0 clusters changed, 3 unchanged (base: HEAD (${commits.removed!.slice(0, 7)}))\n`);
    assert.equal((await run('--base', commits.initial!, '--exit-code')).code, 1);
    const text = await run('--base', commits.initial!);
    assert.equal(text.code, 0);
    assert.match(text.out, /^=== edge \(cluster removed\): 0 added, 8 removed, 0 changed$/m);
    assert.match(text.out, /^4 clusters changed, 0 unchanged/m);
    assert.equal((await run('--format', 'xml')).code, 2);
    assert.equal((await run('--bogus')).code, 2);
    const badBase = await run('--base', 'no-such-ref');
    assert.equal(badBase.code, 2);
    assert.match(badBase.err, /--base "no-such-ref" is not a commit/);
    assert.equal(await runDiffCommand(['--repo', tempDir()], capture().io), 2, 'not a git repository');
    assert.deepEqual(
      readdirSync(ownTmp).filter((name) => name.startsWith('platform-gitops-diff-')),
      [],
    );
  });

  test('--format json and github carry the same clusters', async () => {
    checkout(commits.removed!);
    const c = capture();
    assert.equal(await runDiffCommand(['--repo', dir, '--base', commits.replicas!, '--format', 'json'], c.io), 0);
    const json = JSON.parse(c.out.join(''));
    assert.deepEqual(
      json.clusters.map((x: { name: string }) => x.name),
      ['apps', 'edge', 'infra', 'lab'],
    );
    assert.deepEqual(Object.keys(json.clusters[0].changed[0]).sort(), ['diff', 'kind', 'name', 'namespace']);
    assert.deepEqual(json.clusters[0].added, []);
    const github = formatDiff(await diffRepo({ repo: dir, base: commits.replicas! }), 'github');
    assert.equal(github.match(/^::group::/gm)?.length, 4);
    assert.equal(github.match(/^::endgroup::$/gm)?.length, 4);
    assert.match(github, /^::notice title=platform-gitops diff::lab \(cluster added\): 8 added, 0 removed, 0 changed$/m);
  });

  test('a repository in a subdirectory of the git tree, absent at the base: every cluster added', async () => {
    const top = tempDir('gp-diff-sub-');
    gitInit(top);
    writeFileSync(join(top, 'README.md'), 'platform\n');
    const first = commitAll(top, 'readme');
    const sub = join(top, 'gitops');
    mkdirSync(sub);
    generateCoreDnsRepo(sub, ANSWERS);
    commitAll(top, 'gitops');
    assert.deepEqual(
      shape(await diffRepo({ repo: sub, base: first })).map((c) => [c.name, c.status, c.added.length]),
      [
        ['apps', 'added', 8],
        ['edge', 'added', 8],
        ['infra', 'added', 8],
      ],
    );
    editFile(sub, SETTINGS('edge'), 'COREDNS_REPLICAS: "2"', 'COREDNS_REPLICAS: "3"');
    const uncommitted = await diffRepo({ repo: sub });
    assert.deepEqual([shape(uncommitted).map((c) => c.name), uncommitted.unchanged], [['edge'], ['apps', 'infra']]);
  });

  test('a file only the base read (deleted from a directory without a kustomization.yaml) still shows as removed', async () => {
    const repo = tempDir('gp-diff-gen-');
    gitInit(repo);
    generateCoreDnsRepo(repo, ANSWERS);
    const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata: {}\n`;
    mkdirSync(join(repo, 'kubernetes/apps/extra'), { recursive: true });
    writeFileSync(join(repo, 'kubernetes/apps/extra/a.yaml'), configMap('a'));
    writeFileSync(join(repo, 'kubernetes/apps/extra/b.yaml'), configMap('b'));
    writeFileSync(
      join(repo, 'kubernetes/clusters/infra/extra.yaml'),
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: extra\n  namespace: flux-system\nspec:\n  interval: 10m\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ./kubernetes/apps/extra\n  prune: true\n',
    );
    commitAll(repo, 'extra');
    // Flux generates the kustomization of this directory, so no input of the working tree names b.yaml.
    rmSync(join(repo, 'kubernetes/apps/extra/b.yaml'));
    const report = await diffRepo({ repo });
    assert.deepEqual(shape(report), [{ name: 'infra', status: 'changed', added: [], removed: ['ConfigMap default/b'], changed: [] }]);
    assert.deepEqual(report.unchanged, ['apps', 'edge']);
  });

  test("a cluster's inputs, found without rendering: its folder, the folders its Kustomizations name and their kustomizations' references", () => {
    checkout(commits.removed!);
    const finder = new InputFinder(dir);
    const apps = finder.inputsOf('kubernetes/clusters/apps');
    for (const file of [
      'kubernetes/infrastructure/networking/coredns/helmrelease.yaml',
      'kubernetes/infrastructure/networking/coredns/kustomization.yaml',
      'kubernetes/infrastructure/kustomization.yaml',
      SETTINGS('apps'),
    ]) {
      assert.equal(touches(apps, file), true, file);
    }
    assert.equal(apps.wide, false);
    assert.equal(touches(finder.inputsOf('kubernetes/clusters/infra'), SETTINGS('apps')), false);
    assert.equal(touches(apps, 'README.md'), false);
    assert.equal(touches(apps, 'kubernetes/clusters/infra/cluster-settings.yaml'), false);
  });
});
