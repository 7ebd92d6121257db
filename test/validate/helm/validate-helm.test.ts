// validate --helm on the story's two clusters: Helm (in the engine) renders CoreDNS per cluster with
// that cluster's substituted replicas and ClusterIP, the workload checks read what it made.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { type CoreDnsAnswers, type ValidationReport, generateCoreDnsRepo, runValidateCommand, validateRepo } from '../../../src/index.js';
import { edit } from '../repo-support.js';
import { tempDir } from '../../support/tree.js';
import { field } from '../../support/field.js';

const RELEASE = 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml';
const ANSWERS: CoreDnsAnswers = {
  clusters: [
    { name: 'infra', serviceCidr: '10.245.0.0/16', dnsIp: '10.245.0.10', replicas: 3 },
    { name: 'apps', serviceCidr: '10.247.0.0/16', dnsIp: '10.247.0.53', replicas: 2 },
  ],
  chart: { version: '1.38.0', source: 'helm' },
  // An empty repository has no CNI Kustomization to wait for.
  dependsOn: [],
};

const owned: string[] = [];
after(() => owned.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The story's tree with per-cluster replicas and ClusterIPs, and an empty chart cache of its own (the shipped chart serves). */
function storyRepo(): { repo: string; cache: string } {
  const repo = tempDir();
  owned.push(repo);
  generateCoreDnsRepo(repo, ANSWERS);
  writeFileSync(join(repo, '.yo-rc.json'), JSON.stringify({ 'generator-platform': { coredns: { clusters: ANSWERS.clusters } } }));
  const cache = join(repo, '.chart-cache');
  mkdirSync(cache);
  return { repo, cache };
}

const rendered = (report: ValidationReport, cluster: string, kind: string) =>
  (report.clusters.find((c) => c.name === cluster)?.rendered ?? []).filter((r) => r.appliedBy === 'HelmRelease/kube-system/coredns' && r.object.kind === kind).map((r) => r.object);

describe('validate --helm on the story', () => {
  test("renders CoreDNS per cluster with that cluster's replicas and ClusterIP, reports the hardened security context, and finds nothing wrong", async () => {
    const { repo, cache } = storyRepo();
    const report = await validateRepo({ repo, helm: { chartCache: cache } });
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info'),
      [],
    );
    for (const cluster of ANSWERS.clusters) {
      const [deployment] = rendered(report, cluster.name, 'Deployment');
      assert.equal(field(deployment, 'spec.replicas'), cluster.replicas, `${cluster.name}: Deployment replicas`);
      const services = rendered(report, cluster.name, 'Service').filter((s) => s.metadata?.name === 'kube-dns');
      assert.deepEqual(
        services.map((s) => field(s, 'spec.clusterIP')),
        [cluster.dnsIp],
        `${cluster.name}: kube-dns ClusterIP`,
      );
      const summary = report.clusters.find((c) => c.name === cluster.name)!;
      assert.ok((summary.helmObjects ?? 0) >= 5, `${cluster.name}: Helm rendered the chart's objects`);
      assert.match(summary.helmReleases[0]?.securityContext ?? '', /^hardened \(Pod Security "restricted"\).*runAsNonRoot.*capabilities drop ALL/);
    }
  });

  test('without --helm nothing is rendered and the workload checks do not run', async () => {
    const { repo } = storyRepo();
    const report = await validateRepo({ repo });
    assert.deepEqual(rendered(report, 'infra', 'Deployment'), []);
    assert.equal(report.clusters[0]?.helmObjects, undefined);
    assert.ok(!report.findings.some((f) => f.code.startsWith('workload-')));
  });

  test('a PDB whose minAvailable equals the replicas of one cluster is found on that cluster only (apps runs 2, infra 3), in what Helm rendered', async () => {
    const { repo, cache } = storyRepo();
    edit(repo, RELEASE, (text) => text.replace('      minAvailable: 1', '      minAvailable: 2'));
    const report = await validateRepo({ repo, helm: { chartCache: cache } });
    const drains = report.findings.filter((f) => f.code === 'workload-pdb-blocks-drain');
    assert.deepEqual(
      drains.map((f) => [f.cluster, f.severity, f.object]),
      [['apps', 'error', 'PodDisruptionBudget/kube-system/coredns']],
    );
  });

  test('a container that may escalate privileges is reported on the rendered Deployment, not from the values alone', async () => {
    const { repo, cache } = storyRepo();
    edit(repo, RELEASE, (text) => text.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true'));
    const report = await validateRepo({ repo, helm: { chartCache: cache } });
    const found = report.findings.filter((f) => f.code.includes('privilege-escalation'));
    assert.deepEqual(found.map((f) => [f.code, f.cluster, f.object, f.path]).sort(), [
      ['workload-pss-privilege-escalation', 'apps', 'Deployment/kube-system/coredns', 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation'],
      ['workload-pss-privilege-escalation', 'infra', 'Deployment/kube-system/coredns', 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation'],
    ]);
  });

  test('helm-chart-not-cached: a chart version neither cached nor shipped is one note naming charts pull; the release is still checked on its values', async () => {
    const { repo, cache } = storyRepo();
    edit(repo, RELEASE, (text) => text.replace('version: 1.38.0', 'version: 1.37.9'));
    const report = await validateRepo({ repo, helm: { chartCache: cache } });
    const notes = report.findings.filter((f) => f.code === 'helm-chart-not-cached');
    assert.equal(notes.length, 2);
    assert.ok(notes.every((f) => f.severity === 'info' && f.fix.includes(`charts pull --chart-cache ${cache}`) && f.message.includes('coredns 1.37.9')));
    assert.ok(
      report.findings.some((f) => f.code === 'chart-no-profile'),
      'the values are still checked against the catalogue',
    );
  });

  test('helm-not-rendered: a chart from a GitRepository (not a chart repository) is one note, nothing rendered', async () => {
    const { repo, cache } = storyRepo();
    edit(repo, RELEASE, (text) => text.replace('        kind: HelmRepository', '        kind: GitRepository'));
    const report = await validateRepo({ repo, helm: { chartCache: cache } });
    const notes = report.findings.filter((f) => f.code === 'helm-not-rendered');
    assert.deepEqual(notes.map((f) => [f.cluster, f.severity, f.object]).sort(), [
      ['apps', 'info', 'HelmRelease/kube-system/coredns'],
      ['infra', 'info', 'HelmRelease/kube-system/coredns'],
    ]);
    assert.match(notes[0]!.message, /GitRepository, not a chart repository/);
    assert.deepEqual(rendered(report, 'infra', 'Deployment'), []);
  });

  test('the command prints the security context line and exits 0; a bad --kube-version is a usage error', async () => {
    const { repo, cache } = storyRepo();
    let out = '';
    let err = '';
    const io = { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } };
    assert.equal(await runValidateCommand(['--repo', repo, '--helm', '--chart-cache', cache], io as never), 0);
    assert.match(out, /kube-system\/coredns security context: hardened/);
    assert.match(out, /rendered by Helm/);
    assert.equal(await runValidateCommand(['--repo', repo, '--helm', '--kube-version', 'banana'], io as never), 2);
    assert.match(err, /--kube-version takes a Kubernetes version/);
  });
});
