// metrics-server, the second real service: both front doors, the real chart under helm, and the
// cluster changes every service follows (issue 20's two cross-service bugs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import helpers from 'yeoman-test';
import { YO_RC_NAMESPACE, validateRepo } from '../../src/index.js';
import { substituteStory } from '../support/flux-release-values.js';
import { helmTemplate } from '../support/helm.js';
import { ROOT, generatorPath } from '../support/package-paths.js';
import { storyRepoByGenerator } from '../support/story-repo.js';
import { readTree, snapshotTree } from '../support/tree.js';

const RELEASE = 'kubernetes/infrastructure/observability/metrics-server/helmrelease.yaml';
const CHART = join(ROOT, 'test/fixtures/charts/metrics-server/3.13.1');

/** `platform-gitops <args>` as a user runs it, stdin not a terminal. */
const cli = (dir: string, args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), ...args], { cwd: dir, encoding: 'utf8', input: '' });
const settingsOf = (dir: string, cluster: string) => (parse(readFileSync(join(dir, `kubernetes/clusters/${cluster}/cluster-settings.yaml`), 'utf8')) as { data: Record<string, string> }).data;
const storedOf = (dir: string) => (JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8')) as Record<string, Record<string, unknown>>)[YO_RC_NAMESPACE]!;
const metricsServerErrors = async (dir: string, cluster: string) =>
  (await validateRepo({ repo: dir, cluster })).findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.file}: ${f.message}`);

describe('platform-gitops metrics-server', () => {
  test('writes its folder, the parent kustomizations and every cluster’s replicas; a re-run writes no byte; validate finds no error', async () => {
    const dir = await storyRepoByGenerator('dependsOn: []\n');
    const first = cli(dir, ['metrics-server', '--replicas', 'apps=2']);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /create kubernetes\/infrastructure\/observability\/metrics-server\/helmrelease\.yaml/);
    assert.equal(settingsOf(dir, 'infra').METRICS_SERVER_REPLICAS, '1');
    assert.equal(settingsOf(dir, 'apps').METRICS_SERVER_REPLICAS, '2');
    assert.match(readFileSync(join(dir, 'kubernetes/infrastructure/kustomization.yaml'), 'utf8'), /- observability/);
    assert.deepEqual(storedOf(dir)['metrics-server'], { chartVersion: '3.13.1', replicas: { infra: 1, apps: 2 }, dependsOn: [] });

    const before = snapshotTree(dir);
    const again = cli(dir, ['metrics-server']);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(snapshotTree(dir), before, 'a re-run changes no file, not even its mtime');
    for (const cluster of ['infra', 'apps']) assert.deepEqual(await metricsServerErrors(dir, cluster), [], cluster);
  });

  test("validate's metrics-server checks: replicas that substitute to no whole number are an error on that release", async () => {
    const dir = await storyRepoByGenerator('dependsOn: []\n');
    assert.equal(cli(dir, ['metrics-server']).status, 0);
    const path = join(dir, 'kubernetes/clusters/apps/cluster-settings.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('METRICS_SERVER_REPLICAS: "1"', 'METRICS_SERVER_REPLICAS: "0"'));
    const findings = (await validateRepo({ repo: dir, cluster: 'apps' })).findings.filter((f) => f.code === 'replicas-invalid');
    assert.deepEqual(
      findings.map((f) => [f.object, f.path, f.severity]),
      [['HelmRelease/kube-system/metrics-server', 'spec.values.replicas', 'error']],
    );
    assert.deepEqual(await metricsServerErrors(dir, 'infra'), []);
  });

  test('yo platform:metrics-server (the generic generator) writes the same bytes as the command', async () => {
    const viaCli = await storyRepoByGenerator('dependsOn: []\n');
    assert.equal(cli(viaCli, ['metrics-server', '--replicas', 'apps=2']).status, 0);
    const viaYo = await storyRepoByGenerator('dependsOn: []\n');
    await helpers
      .run(generatorPath('metrics-server'))
      .cd(viaYo)
      .withOptions({ skipInstall: true, interactive: false, replicas: 'apps=2' } as Record<string, unknown>);
    const strip = (tree: Record<string, string>) => Object.fromEntries(Object.entries(tree).filter(([path]) => path !== 'answers.yaml'));
    assert.deepEqual(strip(readTree(viaYo)), strip(readTree(viaCli)));
  });

  test('bad answers exit 1 naming the field and write nothing', async () => {
    const dir = await storyRepoByGenerator('dependsOn: []\n');
    const before = snapshotTree(dir);
    const result = cli(dir, ['metrics-server', '--replicas', 'edge=2,apps=zero', '--chart-version', 'latest']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /chartVersion/);
    assert.match(result.stderr, /replicas\.edge: "edge" is not a cluster/);
    assert.match(result.stderr, /replicas\.apps: "zero" is not a whole number from 1 to 10/);
    assert.deepEqual(snapshotTree(dir), before);
  });

  test('the real chart (helm template, vendored 3.13.1) takes the substituted values: the Deployment runs the cluster’s replicas', async () => {
    const dir = await storyRepoByGenerator('dependsOn: []\n');
    assert.equal(cli(dir, ['metrics-server', '--replicas', 'apps=2']).status, 0);
    const release = parse(substituteStory(readFileSync(join(dir, RELEASE), 'utf8'), new Map(Object.entries(settingsOf(dir, 'apps'))))) as Record<string, unknown>;
    const values = (release as { spec: { values: unknown } }).spec.values;
    const objects = helmTemplate(CHART, values, { releaseName: 'metrics-server', namespace: 'kube-system' });
    const deployment = objects.find((o) => o.kind === 'Deployment');
    assert.equal(deployment?.spec.replicas, 2);
    assert.equal(deployment?.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem, true);
    assert.ok(objects.some((o) => o.kind === 'PodDisruptionBudget'));
    assert.ok(objects.some((o) => o.kind === 'APIService'));
  });
});

describe('platform:cluster changes the cluster for every service', () => {
  test('cluster --name edge: edge gets METRICS_SERVER_REPLICAS too, and validate finds it defined', async () => {
    const dir = await storyRepoByGenerator('dependsOn: []\n');
    assert.equal(cli(dir, ['metrics-server']).status, 0);
    const added = cli(dir, ['cluster', '--name', 'edge', '--service-cidr', '10.249.0.0/16', '--skip-validate']);
    assert.equal(added.status, 0, added.stderr);
    assert.equal(settingsOf(dir, 'edge').METRICS_SERVER_REPLICAS, '1');
    assert.deepEqual(await metricsServerErrors(dir, 'edge'), []);
    const stored = storedOf(dir);
    assert.deepEqual(stored.repository, {
      clusters: [
        { name: 'infra', serviceCidr: '10.245.0.0/16' },
        { name: 'apps', serviceCidr: '10.247.0.0/16' },
        { name: 'edge', serviceCidr: '10.249.0.0/16' },
      ],
    });
    assert.deepEqual((stored['metrics-server'] as { replicas: unknown }).replicas, { infra: 1, apps: 1, edge: 1 });
  });

  test('cluster --remove apps: the next metrics-server run works, and the repository model no longer has apps', async () => {
    const dir = await storyRepoByGenerator('dependsOn: []\n');
    assert.equal(cli(dir, ['metrics-server', '--replicas', 'apps=2']).status, 0);
    const removed = cli(dir, ['cluster', '--remove', 'apps']);
    assert.equal(removed.status, 0, removed.stderr);
    const next = cli(dir, ['metrics-server']);
    assert.equal(next.status, 0, next.stderr);
    const stored = storedOf(dir);
    assert.deepEqual((stored['metrics-server'] as { replicas: unknown }).replicas, { infra: 1 });
    assert.deepEqual(stored.repository, { clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }] });
    // validate's stored Service CIDR lookup reads the same model.
    const cidrs = await validateRepo({ repo: dir, cluster: 'infra' });
    assert.equal(cidrs.errors, 0, JSON.stringify(cidrs.findings.filter((f) => f.severity === 'error')));
    assert.ok(statSync(join(dir, RELEASE)).isFile());
  });
});
