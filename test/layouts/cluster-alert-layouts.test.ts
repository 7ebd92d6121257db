// platform:cluster and platform:alert outside the story layout: they write what platform:coredns
// would with the changed answers, or refuse (naming why and the fix) where the change does not fit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateRepo } from '../../src/validate/index.js';
import { refusedByGenerator, runGenerator } from '../hardening/refusal.js';
import { ROOT } from '../support/package-paths.js';
import { readTree, snapshotTree } from '../support/tree.js';
import { changedPaths, layoutRepo, runCoreDns } from './layout-repo.js';

/** Runs `platform-gitops <args>` non-interactively in `dir` (validation is the tests' own). */
function runCli(dir: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), ...args, '--skip-validate'], { cwd: dir, encoding: 'utf8', input: '', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** validate's errors from every entry point the repository has. */
async function validationErrors(dir: string): Promise<string[]> {
  const report = await validateRepo({ repo: dir });
  assert.ok(report.clusters.length > 0, 'validate found the entry points');
  return report.findings.filter((f) => f.severity === 'error').map((f) => `${f.file ?? ''}: ${f.message}`);
}

const INFRA = ['--clusters', 'production,staging', '--service-cidrs', 'production=10.245.0.0/16,staging=10.247.0.0/16', '--depends-on='];
const HOME = ['--clusters', 'home', '--service-cidrs', 'home=10.43.0.0/16', '--depends-on='];

/** A layout fixture with CoreDNS written by platform-gitops coredns. */
/**
 * The tree with .yo-rc.json's repository model taken out, after checking it lists `clusters`:
 * platform:cluster stores the model (migrating it out of CoreDNS's answers), platform:coredns
 * alone does not yet, and every other byte is the same.
 */
function withoutRepositoryModel(tree: Record<string, string>, clusters: readonly string[]): Record<string, string> {
  const yoRc = JSON.parse(tree['.yo-rc.json']!) as Record<string, Record<string, { clusters: { name: string }[] }>>;
  const { repository, ...services } = yoRc['generator-platform']!;
  assert.deepEqual(
    repository?.clusters.map((c) => c.name),
    clusters,
  );
  return { ...tree, '.yo-rc.json': `${JSON.stringify({ ...yoRc, 'generator-platform': services }, null, 2)}\n` };
}

function withCoreDns(fixture: string, args: readonly string[]): string {
  const dir = layoutRepo(fixture);
  const run = runCoreDns(dir, args);
  assert.equal(run.status, 0, run.stderr);
  return dir;
}

describe('platform:cluster in the infrastructure layout', () => {
  const dir = withCoreDns('infrastructure', INFRA);
  const before = readTree(dir);
  const run = runCli(dir, ['cluster', '--name', 'edge', '--service-cidr', '10.249.0.0/16']);

  it("adds the new cluster's Flux Kustomization and settings, and nothing else", async () => {
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(changedPaths(before, readTree(dir)), ['.yo-rc.json', 'clusters/edge/cluster-settings.yaml', 'clusters/edge/coredns.yaml']);
  });

  it('writes the same bytes as platform:coredns given the three clusters', async () => {
    const fresh = withCoreDns('infrastructure', ['--clusters', 'production,staging,edge', '--service-cidrs', 'production=10.245.0.0/16,staging=10.247.0.0/16,edge=10.249.0.0/16', '--depends-on=']);
    assert.deepEqual(withoutRepositoryModel(readTree(dir), ['production', 'staging', 'edge']), readTree(fresh));
  });

  it('a platform:coredns re-run from the stored answers writes no byte', async () => {
    const snapshot = snapshotTree(dir);
    const again = runCoreDns(dir, []);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(snapshotTree(dir), snapshot);
  });

  it('validate finds no error from any entry point, the new cluster included', async () => {
    assert.deepEqual(await validationErrors(dir), []);
    const edge = (await validateRepo({ repo: dir, cluster: 'edge' })).clusters[0]?.helmReleases.find((r) => r.name === 'coredns');
    assert.equal(edge?.clusterIP, '10.249.0.10');
  });

  it('a hand-edited owned file stops the run (nothing written) unless --force', async () => {
    const repo = withCoreDns('infrastructure', INFRA);
    const edited = join(repo, 'clusters/production/coredns.yaml');
    writeFileSync(edited, `${readTree(repo)['clusters/production/coredns.yaml']}# hand edit\n`);
    const snapshot = snapshotTree(repo);
    const stopped = runCli(repo, ['cluster', '--name', 'edge', '--service-cidr', '10.249.0.0/16']);
    assert.notEqual(stopped.status, 0);
    assert.match(stopped.stderr, /clusters\/production\/coredns\.yaml/);
    assert.deepEqual(snapshotTree(repo), snapshot);
    const forced = runCli(repo, ['cluster', '--name', 'edge', '--service-cidr', '10.249.0.0/16', '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.doesNotMatch(readTree(repo)['clusters/production/coredns.yaml']!, /# hand edit/);
    assert.ok(readTree(repo)['clusters/edge/coredns.yaml']);
  });
});

describe('platform:cluster --remove in the infrastructure layout', () => {
  const dir = withCoreDns('infrastructure', INFRA);
  const before = readTree(dir);
  const run = runCli(dir, ['cluster', '--remove', 'staging']);
  const after = readTree(dir);

  it("deletes the cluster's coredns.yaml and takes its keys out of its settings, and nothing else", async () => {
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(changedPaths(before, after), ['.yo-rc.json', 'clusters/staging/cluster-settings.yaml', 'clusters/staging/coredns.yaml']);
    assert.equal(after['clusters/staging/coredns.yaml'], undefined);
    assert.doesNotMatch(after['clusters/staging/cluster-settings.yaml']!, /COREDNS_/);
    assert.match(run.stdout + run.stderr, / {4}delete clusters\/staging\/coredns\.yaml/);
    assert.deepEqual(
      JSON.parse(after['.yo-rc.json']!)['generator-platform'].coredns.clusters.map((c: { name: string }) => c.name),
      ['production'],
    );
  });

  it("leaves the bytes platform:coredns writes for the clusters left (the settings file, the person's, stays)", async () => {
    const fresh = readTree(withCoreDns('infrastructure', ['--clusters', 'production', '--service-cidrs', 'production=10.245.0.0/16', '--depends-on=']));
    const { ['clusters/staging/cluster-settings.yaml']: kept, ...rest } = after;
    assert.ok(kept !== undefined);
    assert.deepEqual(withoutRepositoryModel(rest, ['production']), fresh);
  });

  it('validate finds no error from any entry point', async () => {
    assert.deepEqual(await validationErrors(dir), []);
  });

  it('a hand-edited coredns.yaml of that cluster stops the run (nothing changed) unless --force', async () => {
    const repo = withCoreDns('infrastructure', INFRA);
    const edited = join(repo, 'clusters/staging/coredns.yaml');
    writeFileSync(edited, `${readTree(repo)['clusters/staging/coredns.yaml']}# hand edit\n`);
    const snapshot = snapshotTree(repo);
    const stopped = runCli(repo, ['cluster', '--remove', 'staging']);
    assert.notEqual(stopped.status, 0);
    assert.match(stopped.stderr, /clusters\/staging\/coredns\.yaml/);
    assert.deepEqual(snapshotTree(repo), snapshot);
    const forced = runCli(repo, ['cluster', '--remove', 'staging', '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(readTree(repo)['clusters/staging/coredns.yaml'], undefined);
  });

  it('interactive: Yeoman\'s conflict prompt decides about a hand-edited one; "skip" keeps it, "write" deletes it', async () => {
    for (const [action, deleted] of [
      ['skip', false],
      ['write', true],
    ] as const) {
      const repo = withCoreDns('infrastructure', INFRA);
      writeFileSync(join(repo, 'clusters/staging/coredns.yaml'), `${readTree(repo)['clusters/staging/coredns.yaml']}# hand edit\n`);
      await runGenerator('cluster', repo, { remove: 'staging', interactive: true, force: false }).withAnswers({ action });
      assert.equal(readTree(repo)['clusters/staging/coredns.yaml'] === undefined, deleted, action);
      assert.doesNotMatch(readTree(repo)['.yo-rc.json']!, /"staging"/, 'the cluster is out of the answers either way');
    }
  });

  it('--dry-run shows the deletion and changes nothing', async () => {
    const repo = withCoreDns('infrastructure', INFRA);
    const snapshot = snapshotTree(repo);
    const dry = runCli(repo, ['cluster', '--remove', 'staging', '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout + dry.stderr, /--- a\/clusters\/staging\/coredns\.yaml\n\+\+\+ \/dev\/null/);
    assert.deepEqual(snapshotTree(repo), snapshot);
  });
});

describe('platform:alert in the apps and infrastructure layouts', () => {
  for (const [fixture, args] of [
    ['apps', HOME],
    ['infrastructure', INFRA],
  ] as const) {
    describe(fixture, () => {
      const empty = readTree(layoutRepo(fixture));
      const dir = withCoreDns(fixture, args);
      const written = readTree(dir);
      const rules = changedPaths(empty, written).filter((path) => path.endsWith('/prometheusrule.yaml'));
      const run = runCli(dir, ['alert', '--preset', 'panics']);

      it('adds the rule to the PrometheusRule the layout writes, and changes nothing else', async () => {
        assert.equal(run.status, 0, run.stderr);
        assert.equal(rules.length, 1, rules.join(', '));
        assert.doesNotMatch(written[rules[0]!]!, /CoreDNSPanics/);
        assert.match(readTree(dir)[rules[0]!]!, /- alert: CoreDNSPanics\n/);
        assert.deepEqual(changedPaths(written, readTree(dir)), ['.yo-rc.json', rules[0]]);
      });

      it('validate finds no error from the entry points', async () => {
        assert.deepEqual(await validationErrors(dir), []);
      });

      it('the same alert again, and a platform:coredns re-run, write no byte', async () => {
        const snapshot = snapshotTree(dir);
        const again = runCli(dir, ['alert', '--preset', 'panics']);
        assert.equal(again.status, 0, again.stderr);
        assert.match(again.stdout + again.stderr, /already in/);
        const coredns = runCoreDns(dir, []);
        assert.equal(coredns.status, 0, coredns.stderr);
        assert.deepEqual(snapshotTree(dir), snapshot);
      });
    });
  }
});

describe('where the change does not fit the layout: refused, nothing written', () => {
  it('stored-layout-unsupported: platform:cluster in the apps layout (one cluster per Flux entry)', async () => {
    const dir = withCoreDns('apps', HOME);
    await refusedByGenerator(dir, runGenerator('cluster', dir, { name: 'edge', serviceCidr: '10.249.0.0/16' }), {
      field: '--name',
      says: /uses the apps layout, whose one Flux entry \(kubernetes\/flux\/cluster\) serves one cluster/,
      fix: /fix: run platform-gitops coredns in the new cluster's own repository, or keep several clusters in the infrastructure layout/,
      code: 'stored-layout-unsupported',
    });
  });

  it('stored-layout-unsupported: platform:cluster --remove in the apps layout', async () => {
    const dir = withCoreDns('apps', HOME);
    await refusedByGenerator(dir, runGenerator('cluster', dir, { remove: 'home' }), {
      field: '--remove',
      says: /uses the apps layout, whose one cluster is the whole CoreDNS setup/,
      code: 'stored-layout-unsupported',
    });
  });

  describe('an adopted release', () => {
    const adopted = () => withCoreDns('existing-coredns', ['--clusters', 'home', '--service-cidrs', 'home=10.43.0.0/16', '--adopt']);

    it('writes no PrometheusRule of ours', async () => {
      assert.deepEqual(
        Object.keys(readTree(adopted())).filter((path) => path.endsWith('prometheusrule.yaml')),
        [],
      );
    });

    it('stored-layout-unsupported: platform:alert with an adopted release', async () => {
      const dir = adopted();
      await refusedByGenerator(dir, runGenerator('alert', dir, { preset: 'panics' }), {
        field: '--preset',
        says: /is the adopted HelmRelease in kubernetes\/apps\/kube-system\/coredns\/app\/helmrelease\.yaml, and an adopted setup has no PrometheusRule of ours/,
        fix: /fix: add the rule by hand to the PrometheusRule that watches that release/,
        code: 'stored-layout-unsupported',
      });
    });

    it('stored-layout-unsupported: platform:cluster with an adopted release', async () => {
      const dir = adopted();
      await refusedByGenerator(dir, runGenerator('cluster', dir, { name: 'edge', serviceCidr: '10.249.0.0/16' }), {
        field: '--name',
        says: /is the adopted HelmRelease in \S+, which serves one cluster/,
        fix: /fix: give the other cluster its own CoreDNS/,
        code: 'stored-layout-unsupported',
      });
    });
  });
});
