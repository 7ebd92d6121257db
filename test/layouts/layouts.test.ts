import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolveLayout } from '../../src/layout/index.js';
import { resolveCoreDnsConfig } from '../../src/services/coredns/index.js';
import { validateRepo } from '../../src/validate/index.js';
import { readTree, snapshotTree, tempDir } from '../support/tree.js';
import { changedPaths, layoutRepo, runCoreDns } from './layout-repo.js';

const CASES = [
  {
    fixture: 'apps',
    args: ['--clusters', 'home', '--service-cidrs', 'home=10.43.0.0/16', '--depends-on='],
    expected: { 0: { replicas: 2, clusterIP: '10.43.0.10' } },
    changed: [
      '.yo-rc.json',
      'kubernetes/apps/kube-system/coredns/app-monitoring/kustomization.yaml',
      'kubernetes/apps/kube-system/coredns/app-monitoring/prometheusrule.yaml',
      'kubernetes/apps/kube-system/coredns/app-monitoring/servicemonitor.yaml',
      'kubernetes/apps/kube-system/coredns/app/helmrelease.yaml',
      'kubernetes/apps/kube-system/coredns/app/helmrepository.yaml',
      'kubernetes/apps/kube-system/coredns/app/kustomization.yaml',
      'kubernetes/apps/kube-system/coredns/ks.yaml',
      'kubernetes/apps/kube-system/kustomization.yaml',
      'kubernetes/flux/vars/cluster-settings.yaml',
    ],
  },
  {
    fixture: 'infrastructure',
    args: ['--clusters', 'production,staging', '--service-cidrs', 'production=10.245.0.0/16,staging=10.247.0.0/16', '--replicas', '3', '--depends-on='],
    expected: { 0: { replicas: 3, clusterIP: '10.245.0.10' }, 1: { replicas: 3, clusterIP: '10.247.0.10' } },
    changed: [
      '.yo-rc.json',
      'clusters/production/cluster-settings.yaml',
      'clusters/production/coredns.yaml',
      'clusters/staging/cluster-settings.yaml',
      'clusters/staging/coredns.yaml',
      'infrastructure/coredns-monitoring/kustomization.yaml',
      'infrastructure/coredns-monitoring/prometheusrule.yaml',
      'infrastructure/coredns-monitoring/servicemonitor.yaml',
      'infrastructure/coredns/helmrelease.yaml',
      'infrastructure/coredns/helmrepository.yaml',
      'infrastructure/coredns/kustomization.yaml',
    ],
  },
] as const;

describe('layouts: CoreDNS lands where each cluster entry reaches it', () => {
  for (const c of CASES) {
    describe(c.fixture, () => {
      const dir = layoutRepo(c.fixture);
      const before = readTree(dir);
      const run = runCoreDns(dir, c.args);

      it('detects the layout, prints it and stores it', async () => {
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, new RegExp(`Layout: ${c.fixture} `));
        const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns;
        assert.equal(stored.layout.kind, c.fixture);
      });

      it('changes only the files the layout needs', async () => {
        assert.deepEqual(changedPaths(before, readTree(dir)), [...c.changed]);
      });

      it("validate sees the CoreDNS HelmRelease from every entry point, with that cluster's values", async () => {
        const report = await validateRepo({ repo: dir });
        assert.equal(
          report.errors,
          0,
          JSON.stringify(
            report.findings.filter((f) => f.severity === 'error'),
            null,
            1,
          ),
        );
        for (const [index, want] of Object.entries(c.expected)) {
          const release = report.clusters[Number(index)]!.helmReleases.find((r) => r.name === 'coredns');
          assert.ok(release, `cluster ${report.clusters[Number(index)]!.name} has no coredns HelmRelease`);
          assert.equal(release.replicas, want.replicas);
          assert.equal(release.clusterIP, want.clusterIP);
          // Monitoring is reached too, through its own Flux Kustomization (never orphaned).
          assert.ok(report.clusters[Number(index)]!.kustomizations.includes('Kustomization/flux-system/coredns-monitoring'), report.clusters[Number(index)]!.kustomizations.join(', '));
        }
      });

      it('a re-run from the stored answers writes no byte', async () => {
        const snapshot = snapshotTree(dir);
        const again = runCoreDns(dir, []);
        assert.equal(again.status, 0, again.stderr);
        assert.doesNotMatch(again.stdout, /Layout:/, 'the stored layout is used, not detected again');
        assert.deepEqual(snapshotTree(dir), snapshot);
      });
    });
  }

  it('an empty repository gets the categories layout, and no layout is stored', async () => {
    const dir = tempDir('gp-layout-empty-');
    const run = runCoreDns(dir, ['--clusters', 'infra', '--service-cidrs', 'infra=10.245.0.0/16']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Layout: categories /);
    assert.ok(Object.keys(readTree(dir)).includes('kubernetes/infrastructure/networking/coredns/helmrelease.yaml'));
    assert.equal(JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns.layout, undefined);
  });

  it('--layout story (the old name) still means the categories layout for one release, and says so', async () => {
    const dir = tempDir('gp-layout-legacy-');
    const run = runCoreDns(dir, ['--clusters', 'infra', '--service-cidrs', 'infra=10.245.0.0/16', '--layout', 'story']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /i --layout story is now --layout categories; "story" is accepted until the next release\n/);
    assert.ok(Object.keys(readTree(dir)).includes('kubernetes/infrastructure/networking/coredns/helmrelease.yaml'));
    // The bare default layout is not stored, under either name.
    assert.equal(JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns.layout, undefined);
  });

  it('a stored layout of kind story is read as categories, with its folders', () => {
    const config = resolveCoreDnsConfig({ clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }], layout: { kind: 'story', appDir: 'kubernetes/infrastructure/dns/coredns' } });
    assert.equal(config.layout?.kind, 'categories');
    assert.equal(resolveLayout(config.layout).appDir, 'kubernetes/infrastructure/dns/coredns');
    assert.throws(() => resolveCoreDnsConfig({ clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }], layout: { kind: 'flat' } }), /layout\.kind/);
  });

  it('--layout and --app-dir override what was detected', async () => {
    const dir = layoutRepo('apps');
    const run = runCoreDns(dir, ['--clusters', 'home', '--service-cidrs', 'home=10.43.0.0/16', '--depends-on=', '--layout', 'apps', '--app-dir', 'kubernetes/apps/network/coredns']);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /Layout:/);
    assert.ok(readTree(dir)['kubernetes/apps/network/coredns/app/helmrelease.yaml']);
    assert.match(readTree(dir)['kubernetes/apps/network/kustomization.yaml']!, /\.\/coredns\/ks\.yaml/);
  });
});
