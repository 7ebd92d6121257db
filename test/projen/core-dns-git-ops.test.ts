// CoreDnsGitOps in-process: a bare projen Project synthesized into a temp dir, compared with
// what the generator's core (generateCoreDnsRepo, the same bytes as `yo platform:coredns`) writes.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { Project } from 'projen';
import { CORE_DNS_SERVICE, type CoreDnsAnswers, generateCoreDnsRepo, InputError, METRICS_SERVER_SERVICE, type MetricsServerAnswers, runService } from '../../src/index.js';
import { CoreDnsGitOps, type CoreDnsGitOpsOptions } from '../../src/projen/index.js';
import { STORY_ANSWERS } from '../support/story.js';
import { readTree, tempDir } from '../support/tree.js';
import { synthesizedTree } from './example-repo.js';

// Compile-time: the options are the answers model, key for key (a field added to one but not
// the other fails the build here); `ci` alone is not a CoreDNS answer (the CI service's own).
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Alerts<T extends { alerts?: unknown }> = NonNullable<T['alerts']>;
type Rule<T extends { alerts?: { rules?: readonly unknown[] } }> = NonNullable<NonNullable<T['alerts']>['rules']>[number];
const sameKeys: [
  SameKeys<Omit<CoreDnsGitOpsOptions, 'ci' | 'metricsServer'>, CoreDnsAnswers>,
  SameKeys<Exclude<CoreDnsGitOpsOptions['metricsServer'], boolean | undefined>, MetricsServerAnswers>,
  SameKeys<CoreDnsGitOpsOptions['clusters'][number], CoreDnsAnswers['clusters'][number]>,
  SameKeys<NonNullable<CoreDnsGitOpsOptions['chart']>, NonNullable<CoreDnsAnswers['chart']>>,
  SameKeys<Alerts<CoreDnsGitOpsOptions>, Alerts<CoreDnsAnswers>>,
  SameKeys<NonNullable<Alerts<CoreDnsGitOpsOptions>['errorRatio']>, NonNullable<Alerts<CoreDnsAnswers>['errorRatio']>>,
  SameKeys<NonNullable<Alerts<CoreDnsGitOpsOptions>['latency']>, NonNullable<Alerts<CoreDnsAnswers>['latency']>>,
  SameKeys<Rule<CoreDnsGitOpsOptions>, Rule<CoreDnsAnswers>>,
] = [true, true, true, true, true, true, true, true];

/** Every option set away from its default; valid both as options and as answers. */
const EVERY_OPTION = {
  clusters: [
    { name: 'infra', serviceCidr: '10.245.0.0/16', dnsIp: '10.245.0.53', replicas: 3 },
    { name: 'v6', serviceCidr: 'fd00:10:96::/112' },
  ],
  chart: { version: '1.38.1', source: 'oci' },
  dependsOn: ['cilium-core', 'cert-manager'],
  serviceMonitorLabels: { release: 'kube-prometheus-stack' },
  alerts: {
    job: 'coredns',
    absent: { for: '2m', severity: 'warning' },
    down: { for: '3m', severity: 'info' },
    errorRatio: { threshold: 0.1, for: '15m', severity: 'critical' },
    latency: { p99Seconds: 2, for: '20m', severity: 'critical' },
    rules: [
      { preset: 'panics', severity: 'critical' },
      {
        alert: 'CoreDNSCacheMissesHigh',
        expr: 'sum(rate(coredns_cache_misses_total[5m])) > 100',
        for: '30m',
        severity: 'info',
        summary: 'Many cache misses',
        description: 'More than 100 misses a second on {{ $labels.instance }}',
        runbookUrl: 'https://runbooks.example.com/coredns',
        group: 'coredns-cache',
      },
    ],
  },
} satisfies CoreDnsGitOpsOptions & CoreDnsAnswers;

/** A bare projen project in a temp dir (or in `outdir`). */
function project(outdir = tempDir('gp-projen-inproc-')): Project {
  return new Project({ name: 'gitops', outdir });
}

/** The generator's tree for `answers`, written over a copy of `start` (or an empty dir). */
function viaGenerator(answers: CoreDnsAnswers, start?: string): Record<string, string> {
  const dir = tempDir('gp-projen-gen-');
  if (start) cpSync(start, dir, { recursive: true });
  generateCoreDnsRepo(dir, answers);
  return readTree(dir);
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('CoreDnsGitOps', () => {
  test('is exported from generator-platform/projen, not the package root (projen is an optional peer)', async () => {
    const root = await import('../../src/index.js');
    assert.ok(!('CoreDnsGitOps' in root));
    assert.equal(typeof CoreDnsGitOps, 'function');
  });

  test("every option reaches the files: the same object as options and as answers gives the generator's tree", () => {
    assert.deepEqual(sameKeys, [true, true, true, true, true, true, true, true]);
    const p = project();
    new CoreDnsGitOps(p, EVERY_OPTION);
    p.synth();
    const tree = synthesizedTree(p.outdir);
    assert.deepEqual(tree, viaGenerator(EVERY_OPTION));
    // The options did change the output (the comparison above is not between two default trees).
    assert.ok(tree['kubernetes/infrastructure/networking/coredns/ocirepository.yaml']);
    assert.match(tree['kubernetes/clusters/v6/cluster-settings.yaml']!, /COREDNS_CLUSTER_IP: "fd00:10:96::a"/);
    assert.match(tree['kubernetes/infrastructure/networking/coredns-monitoring/prometheusrule.yaml']!, /alert: CoreDNSPanics[\s\S]*name: coredns-cache/);
  });

  test('merges into an existing repository exactly as the generator does, keeping what is there', () => {
    const existing = tempDir('gp-projen-existing-');
    write(existing, {
      'kubernetes/infrastructure/kustomization.yaml': '---\n# infrastructure of every cluster\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - cert-manager\n',
      'kubernetes/infrastructure/cert-manager/kustomization.yaml': '---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n',
      'kubernetes/infrastructure/networking/kustomization.yaml': '---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - cilium/ # the CNI first\n',
      'kubernetes/clusters/infra/cluster-settings.yaml':
        '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata:\n  # ours\n  CLUSTER_NAME: "infra"\n',
      'kubernetes/clusters/infra/kustomization.yaml': '---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - flux-system\n',
      // A hand-written entry point (30m interval): created files are never overwritten.
      'kubernetes/clusters/apps/infrastructure.yaml':
        '---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: cluster-apps-infrastructure\n  namespace: flux-system\nspec:\n  interval: 30m\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ./kubernetes/infrastructure\n  prune: true\n',
    });
    const outdir = tempDir('gp-projen-merge-');
    cpSync(existing, outdir, { recursive: true });
    const p = project(outdir);
    new CoreDnsGitOps(p, STORY_ANSWERS as CoreDnsGitOpsOptions);
    p.synth();

    const tree = synthesizedTree(outdir);
    assert.deepEqual(tree, viaGenerator(STORY_ANSWERS, existing));
    assert.match(tree['kubernetes/infrastructure/kustomization.yaml']!, /# infrastructure of every cluster\n[\s\S]*- cert-manager\n {2}- networking\n$/);
    assert.match(tree['kubernetes/infrastructure/networking/kustomization.yaml']!, /- cilium\/ # the CNI first\n {2}- coredns\/ks\.yaml\n {2}- coredns-monitoring\/ks\.yaml\n$/);
    assert.match(tree['kubernetes/clusters/infra/cluster-settings.yaml']!, /# ours\n {2}CLUSTER_NAME: "infra"\n {2}COREDNS_REPLICAS: "2"\n/);
    assert.match(tree['kubernetes/clusters/infra/kustomization.yaml']!, /- flux-system\n {2}- cluster-settings\.yaml\n {2}- infrastructure\.yaml\n$/);
    assert.match(tree['kubernetes/clusters/apps/infrastructure.yaml']!, /interval: 30m/);
  });

  test('metricsServer: true gives the tree platform-gitops metrics-server writes, and an added cluster its replicas', () => {
    const p = project();
    const coredns = new CoreDnsGitOps(p, { ...(STORY_ANSWERS as CoreDnsGitOpsOptions), metricsServer: { replicas: { apps: 2 } } });
    coredns.addCluster({ name: 'edge', serviceCidr: '10.249.0.0/16' });
    p.synth();
    const dir = tempDir();
    const answers = { ...STORY_ANSWERS, clusters: [...STORY_ANSWERS.clusters, { name: 'edge', serviceCidr: '10.249.0.0/16' }] };
    // The clusters are stored by the CoreDNS run, as platform-gitops coredns does.
    runService(CORE_DNS_SERVICE, { root: dir, answers: () => answers });
    runService(METRICS_SERVER_SERVICE, { root: dir, answers: () => ({ replicas: { apps: 2 } }) });
    const expected = readTree(dir);
    delete expected['.yo-rc.json'];
    const tree = synthesizedTree(p.outdir);
    for (const path of Object.keys(expected).filter((path) => path.includes('metrics-server') || path.endsWith('cluster-settings.yaml'))) {
      assert.equal(tree[path], expected[path], path);
    }
    assert.match(tree['kubernetes/clusters/edge/cluster-settings.yaml']!, /METRICS_SERVER_REPLICAS: "1"/);
    assert.match(tree['kubernetes/clusters/apps/cluster-settings.yaml']!, /METRICS_SERVER_REPLICAS: "2"/);
    assert.throws(() => new CoreDnsGitOps(project(), { ...(STORY_ANSWERS as CoreDnsGitOpsOptions), metricsServer: { replicas: { nowhere: 2 } } }), /replicas\.nowhere/);
  });

  test('addCluster and addAlert give the tree of the answers with that cluster and rule', () => {
    const p = project();
    const coredns = new CoreDnsGitOps(p, STORY_ANSWERS as CoreDnsGitOpsOptions);
    coredns.addCluster({ name: 'edge', serviceCidr: '10.249.0.0/16' });
    coredns.addAlert({ preset: 'panics' });
    p.synth();
    const answers: CoreDnsAnswers = {
      ...STORY_ANSWERS,
      clusters: [...STORY_ANSWERS.clusters, { name: 'edge', serviceCidr: '10.249.0.0/16' }],
      alerts: { rules: [{ preset: 'panics' }] },
    };
    assert.deepEqual(synthesizedTree(p.outdir), viaGenerator(answers));
  });

  test('bad options throw InputError naming the field and the fix, and leave the project without the component', () => {
    const p = project();
    assert.throws(
      () => new CoreDnsGitOps(p, { clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16', dnsIp: '10.1.0.10' }], chart: { source: 'oci', version: '1.38.0' } }),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.deepEqual(error.issues.map((issue) => issue.path).sort(), ['chart.source', 'clusters[0].dnsIp']);
        assert.match(error.message, /clusters\[0\]\.dnsIp: "10\.1\.0\.10" is not inside serviceCidr 10\.245\.0\.0\/16\n\s+fix: use an address inside 10\.245\.0\.0\/16/);
        return true;
      },
    );
    assert.throws(() => new CoreDnsGitOps(p, { clusters: [] }), /clusters: no cluster given\n\s+fix: add at least one cluster/);
    assert.equal(
      p.components.some((component) => component instanceof CoreDnsGitOps),
      false,
    );
    p.synth();
    assert.equal(existsSync(join(p.outdir, 'kubernetes')), false);
  });

  test('a rejected addCluster or addAlert changes nothing; the component stays usable', () => {
    const p = project();
    const coredns = new CoreDnsGitOps(p, { clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }] });
    assert.throws(
      () => coredns.addCluster({ name: 'infra', serviceCidr: '10.247.0.0/16' }),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /clusters\[1\]\.name: "infra" is already used by clusters\[0\]/);
        return true;
      },
    );
    assert.throws(
      () => coredns.addAlert({ alert: 'Broken', expr: 'sum(rate(x[5m])' }),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /alerts\.rules\[0\]\.expr: PromQL syntax error/);
        return true;
      },
    );
    p.synth();
    assert.deepEqual(synthesizedTree(p.outdir), viaGenerator({ clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }] }));
  });

  test("takes a copy of its options: changing the caller's objects afterwards changes nothing", () => {
    const clusters = [{ name: 'infra', serviceCidr: '10.245.0.0/16', replicas: 2 }];
    const rule = { preset: 'panics' };
    const p = project();
    const coredns = new CoreDnsGitOps(p, { clusters });
    coredns.addAlert(rule);
    clusters[0]!.replicas = 7;
    clusters.push({ name: 'apps', serviceCidr: '10.247.0.0/16', replicas: 2 });
    rule.preset = 'down';
    p.synth();
    assert.deepEqual(synthesizedTree(p.outdir), viaGenerator({ clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }], alerts: { rules: [{ preset: 'panics' }] } }));
  });

  test('a project holds one CoreDnsGitOps', () => {
    const p = project();
    new CoreDnsGitOps(p, { clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }] });
    assert.throws(() => new CoreDnsGitOps(p, { clusters: [{ name: 'apps', serviceCidr: '10.247.0.0/16' }] }), /already has a CoreDnsGitOps component; add clusters and alerts to that one/);
  });

  test('projen removes an owned file the options no longer plan (helm to oci), and keeps the merged ones', () => {
    const outdir = tempDir('gp-projen-source-');
    const first = project(outdir);
    new CoreDnsGitOps(first, { clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }], chart: { version: '1.38.1', source: 'helm' } });
    first.synth();
    const second = project(outdir);
    new CoreDnsGitOps(second, { clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }], chart: { version: '1.38.1', source: 'oci' } });
    second.synth();
    const coredns = 'kubernetes/infrastructure/networking/coredns';
    assert.equal(existsSync(join(outdir, coredns, 'helmrepository.yaml')), false);
    assert.ok(existsSync(join(outdir, coredns, 'ocirepository.yaml')));
    assert.match(readFileSync(join(outdir, coredns, 'kustomization.yaml'), 'utf8'), /- ocirepository\.yaml/);
    assert.ok(existsSync(join(outdir, 'kubernetes/clusters/infra/cluster-settings.yaml')));
  });
});
