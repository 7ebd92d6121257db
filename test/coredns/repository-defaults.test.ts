// Issue 19, "defaults from the repository" and "an exit code about this run": platform-gitops
// coredns run as a user runs it (validation on), in a flux2-kustomize-helm-example-like repository.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import helpers from 'yeoman-test';
import type { PlatformGenerator } from '../../src/generators/private/platform-generator.js';
import { ROOT, generatorPath } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';
import { layoutRepo } from '../layouts/layout-repo.js';

const CLUSTERS = ['--clusters', 'production,staging', '--service-cidrs', 'production=10.245.0.0/16,staging=10.246.0.0/16'];

/** `platform-gitops coredns ARGS` in `dir`, without a terminal, validation after writing on. */
function coredns(dir: string, args: readonly string[]): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'coredns', ...args], { cwd: dir, encoding: 'utf8', input: '', timeout: 120_000 });
  return { status: result.status, out: result.stdout + result.stderr };
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

/** A Flux Kustomization `name` of both clusters applying `path`. */
function fluxKustomization(dir: string, file: string, name: string, path: string, extra = ''): void {
  const text = `---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n  path: ${path}\n  prune: true\n${extra}`;
  for (const cluster of ['production', 'staging']) write(dir, `clusters/${cluster}/${file}`, text);
}

/** Calico from tigera-operator, in a base its overlay lists (as flux2-kustomize-helm-example lays out controllers). */
function withCalico(dir: string): void {
  write(dir, 'infrastructure/cni/base/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - repository.yaml\n  - release.yaml\n');
  write(
    dir,
    'infrastructure/cni/base/repository.yaml',
    '---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: projectcalico\n  namespace: tigera-operator\nspec:\n  interval: 1h\n  url: https://docs.tigera.io/calico/charts\n',
  );
  write(
    dir,
    'infrastructure/cni/base/release.yaml',
    '---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: calico\n  namespace: tigera-operator\nspec:\n  interval: 30m\n  chart:\n    spec:\n      chart: tigera-operator\n      version: v3.29.1\n      sourceRef:\n        kind: HelmRepository\n        name: projectcalico\n',
  );
  write(dir, 'infrastructure/cni/production/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base\n');
  fluxKustomization(dir, 'cni.yaml', 'infra-cni', './infrastructure/cni/production');
}

/** The ServiceMonitor CRD among the controllers (as prometheus-operator's CRD bundle would bring it). */
function withServiceMonitorCrd(dir: string): void {
  write(
    dir,
    'infrastructure/controllers/crds.yaml',
    [
      '---',
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '  name: servicemonitors.monitoring.coreos.com',
      'spec:',
      '  group: monitoring.coreos.com',
      '  names: {kind: ServiceMonitor, listKind: ServiceMonitorList, plural: servicemonitors, singular: servicemonitor}',
      '  scope: Namespaced',
      '  versions:',
      '    - name: v1',
      '      served: true',
      '      storage: true',
      '      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}',
      '',
    ].join('\n'),
  );
  write(dir, 'infrastructure/controllers/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - metrics.yaml\n  - crds.yaml\n');
}

const MONITORING_FILES = ['infrastructure/coredns-monitoring/servicemonitor.yaml', 'infrastructure/coredns-monitoring/prometheusrule.yaml'];

describe('platform-gitops coredns: defaults from the repository', () => {
  test('no CNI HelmRelease (flux2-kustomize-helm-example): no dependsOn, said why, and exit 0', () => {
    const dir = layoutRepo('infrastructure');
    const run = coredns(dir, CLUSTERS);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /dependsOn: none \(no CNI HelmRelease found\)/);
    assert.doesNotMatch(read(dir, 'clusters/production/coredns.yaml'), /dependsOn/, 'CoreDNS waits for nothing (and monitoring, off here, is not written)');
    assert.deepEqual(JSON.parse(read(dir, '.yo-rc.json'))['generator-platform'].coredns.dependsOn, []);
  });

  test('a calico (tigera-operator) HelmRelease in a base: dependsOn names the Flux Kustomization deploying it', () => {
    const dir = layoutRepo('infrastructure');
    withCalico(dir);
    const run = coredns(dir, CLUSTERS);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /dependsOn: infra-cni \(deploys the tigera-operator chart\)/);
    for (const cluster of ['production', 'staging']) assert.match(read(dir, `clusters/${cluster}/coredns.yaml`), /name: coredns\n[\s\S]*dependsOn:\n {4}- name: infra-cni\n/);
  });

  test('a Flux Kustomization path out of the repository is not followed (nor fatal)', () => {
    const dir = layoutRepo('infrastructure');
    withCalico(dir);
    fluxKustomization(dir, 'escape.yaml', 'escape', '../../..');
    write(dir, 'infrastructure/cni/production/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base\n  - ../../../../outside\n');
    const run = coredns(dir, [...CLUSTERS, '--skip-validate']);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /dependsOn: infra-cni \(deploys the tigera-operator chart\)/);
  });

  test('an explicit --depends-on wins over the CNI found, and is stored', () => {
    const dir = layoutRepo('infrastructure');
    withCalico(dir);
    const run = coredns(dir, [...CLUSTERS, '--depends-on', '']);
    assert.equal(run.status, 0, run.out);
    assert.doesNotMatch(run.out, /dependsOn: infra-cni/);
    assert.doesNotMatch(read(dir, 'clusters/production/coredns.yaml'), /infra-cni/);
    const again = coredns(dir, []);
    assert.equal(again.status, 0, again.out);
    assert.doesNotMatch(read(dir, 'clusters/production/coredns.yaml'), /infra-cni/, 'the stored answer (none) wins on the next run');
  });

  test('monitoring auto without the Prometheus Operator CRDs: no monitoring files, and said why', () => {
    const dir = layoutRepo('infrastructure');
    const run = coredns(dir, [...CLUSTERS, '--monitoring', 'auto']);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /monitoring: off \(no ServiceMonitor or PrometheusRule CRD/);
    for (const file of MONITORING_FILES) assert.ok(!existsSync(join(dir, file)), `${file} not written`);
    assert.doesNotMatch(read(dir, 'clusters/production/coredns.yaml'), /coredns-monitoring/);
    assert.equal(JSON.parse(read(dir, '.yo-rc.json'))['generator-platform'].coredns.monitoring.enabled, 'off');
  });

  test('monitoring auto with the ServiceMonitor CRD in the Flux tree: the monitoring files', () => {
    const dir = layoutRepo('infrastructure');
    withServiceMonitorCrd(dir);
    const run = coredns(dir, [...CLUSTERS, '--monitoring', 'auto']);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /monitoring: on \(the CustomResourceDefinition servicemonitors\.monitoring\.coreos\.com is in infrastructure\/controllers\/crds\.yaml\)/);
    for (const file of MONITORING_FILES) assert.ok(existsSync(join(dir, file)), `${file} written`);
    assert.match(read(dir, 'clusters/production/coredns.yaml'), /name: coredns-monitoring/);
  });

  test('monitoring auto with a kube-prometheus-stack HelmRelease: on', () => {
    const dir = layoutRepo('infrastructure');
    write(
      dir,
      'infrastructure/controllers/metrics.yaml',
      '---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: kube-prometheus-stack\n  namespace: monitoring\nspec:\n  interval: 1h\n  chart:\n    spec:\n      chart: kube-prometheus-stack\n      sourceRef: {kind: HelmRepository, name: prometheus-community}\n',
    );
    const run = coredns(dir, [...CLUSTERS, '--monitoring', 'auto', '--skip-validate']);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /monitoring: on \(HelmRelease kube-prometheus-stack \(kube-prometheus-stack\)/);
    for (const file of MONITORING_FILES) assert.ok(existsSync(join(dir, file)), `${file} written`);
  });

  test('--monitoring off in the story repository takes out the files and the entry an earlier run wrote, and stays off', () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'test/fixtures/story-01-cilium'), dir, { recursive: true });
    cpSync(join(ROOT, 'docs/examples/story-answers.yaml'), join(dir, 'answers.yaml'));
    const first = coredns(dir, ['--answers', 'answers.yaml']);
    assert.equal(first.status, 0, first.out);
    assert.match(first.out, /dependsOn: cilium-core \(deploys the cilium chart\)/);
    assert.ok(existsSync(join(dir, 'kubernetes/infrastructure/networking/coredns-monitoring/servicemonitor.yaml')));
    const off = coredns(dir, ['--monitoring', 'off']);
    assert.equal(off.status, 0, off.out);
    assert.ok(!existsSync(join(dir, 'kubernetes/infrastructure/networking/coredns-monitoring/servicemonitor.yaml')));
    assert.ok(!existsSync(join(dir, 'kubernetes/infrastructure/networking/coredns-monitoring/ks.yaml')));
    assert.equal(read(dir, 'kubernetes/infrastructure/networking/kustomization.yaml').includes('coredns-monitoring'), false);
    assert.match(read(dir, 'kubernetes/infrastructure/networking/coredns/ks.yaml'), /- name: cilium-core/, 'the stored dependsOn stays');
    const again = coredns(dir, []);
    assert.equal(again.status, 0, again.out);
    assert.ok(!existsSync(join(dir, 'kubernetes/infrastructure/networking/coredns-monitoring/servicemonitor.yaml')), 'off is stored');
  });
});

describe('platform-gitops coredns: an exit code about this run', () => {
  /** The flux2 example with an error of its own: a Kustomization waiting for one that does not exist. */
  function withPreExistingError(dir: string): void {
    fluxKustomization(dir, 'apps.yaml', 'apps', './infrastructure/controllers', '  dependsOn:\n    - name: not-in-this-repository\n');
  }

  test('errors that were there before the run are summarised as pre-existing and exit 0', () => {
    const dir = layoutRepo('infrastructure');
    withPreExistingError(dir);
    const run = coredns(dir, CLUSTERS);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /dependsOn-unresolved/, 'the report still shows them');
    assert.match(run.out, /2 pre-existing errors \(not from this run\)/);
    assert.doesNotMatch(run.out, /from this run: fix them/);
  });

  test('an error this run introduces exits 1, the pre-existing ones still summarised apart', () => {
    const dir = layoutRepo('infrastructure');
    withPreExistingError(dir);
    const run = coredns(dir, [...CLUSTERS, '--depends-on', 'cilium-core']);
    assert.equal(run.status, 1, run.out);
    assert.match(run.out, /2 pre-existing errors \(not from this run\)/);
    assert.match(run.out, /validation found 2 errors from this run/);
  });

  test('yo platform:coredns: the same count, the one its exit code is made of', async () => {
    const dir = layoutRepo('infrastructure');
    withPreExistingError(dir);
    const errorsOf = (result: { generator: unknown }) => (result.generator as PlatformGenerator<never>).validationErrors;
    const options = { skipInstall: true, clusters: 'production,staging', serviceCidrs: 'production=10.245.0.0/16,staging=10.246.0.0/16' };
    const first = await helpers
      .run(generatorPath('coredns'))
      .cd(dir)
      .withOptions(options as Record<string, unknown>)
      .withAnswers({}, { throwOnMissingAnswer: true });
    assert.equal(errorsOf(first), 0, 'only pre-existing errors');
    const second = await helpers
      .run(generatorPath('coredns'))
      .cd(dir)
      .withOptions({ ...options, dependsOn: 'cilium-core' } as Record<string, unknown>)
      .withAnswers({}, { throwOnMissingAnswer: true });
    assert.equal(errorsOf(second), 2, "cilium-core, which this repository lacks, in each cluster's coredns.yaml");
  });
});

describe('platform-gitops metrics-server (a kit-based service): dependsOn from the repository', () => {
  const KS = 'kubernetes/infrastructure/observability/metrics-server/ks.yaml';

  test("its first run waits for the story's cilium-core; an explicit none is stored and kept", () => {
    const dir = tempDir();
    cpSync(join(ROOT, 'test/fixtures/story-01-cilium'), dir, { recursive: true });
    cpSync(join(ROOT, 'docs/examples/story-answers.yaml'), join(dir, 'answers.yaml'));
    assert.equal(coredns(dir, ['--answers', 'answers.yaml', '--skip-validate']).status, 0);
    const metricsServer = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'metrics-server', ...args], { cwd: dir, encoding: 'utf8', input: '' });
    const first = metricsServer([]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /dependsOn: cilium-core \(deploys the cilium chart\)/);
    assert.match(read(dir, KS), /dependsOn:\n {4}- name: cilium-core\n/);
    const none = metricsServer(['--depends-on', '']);
    assert.equal(none.status, 0, none.stderr);
    assert.doesNotMatch(read(dir, KS), /dependsOn/);
    const again = metricsServer([]);
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /dependsOn:/, 'nothing decided again: the stored answer stands');
    assert.doesNotMatch(read(dir, KS), /dependsOn/);
  });
});
