import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type Finding, NEWEST_CHART_VERSION, generateCoreDnsRepo, runValidateCommand, validateRepo } from '../../src/index.js';
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { Engine } from '../../src/engine/index.js';
import { STORY_ANSWERS } from '../support/story.js';
import { tempDir } from '../support/tree.js';
import { KUBECTL_ON_PATH } from '../support/kubectl.js';

const kubectl = KUBECTL_ON_PATH;

const RELEASE = 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml';
const KS = 'kubernetes/infrastructure/networking/coredns/ks.yaml';

/** The story repo plus a stand-in for story 01's cilium-core (which CoreDNS waits for), so a clean repo validates clean. */
function storyRepo(answers: typeof STORY_ANSWERS = { ...STORY_ANSWERS, dependsOn: ['cilium-core'] }): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'kubernetes/infrastructure/networking/cilium'), { recursive: true });
  writeFileSync(join(dir, 'kubernetes/infrastructure/networking/kustomization.yaml'), '---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - cilium/ks.yaml\n');
  writeFileSync(
    join(dir, 'kubernetes/infrastructure/networking/cilium/ks.yaml'),
    [
      '---',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata:',
      '  name: cilium-core',
      '  namespace: flux-system',
      'spec:',
      '  interval: 10m',
      '  sourceRef:',
      '    kind: GitRepository',
      '    name: flux-system',
      '  path: ./kubernetes/infrastructure/networking/cilium/core',
      '  prune: true',
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'kubernetes/infrastructure/networking/cilium/core'), { recursive: true });
  writeFileSync(
    join(dir, 'kubernetes/infrastructure/networking/cilium/core/configmap.yaml'),
    '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-placeholder\n  namespace: kube-system\ndata: {}\n',
  );
  generateCoreDnsRepo(dir, answers);
  writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-platform': { coredns: { clusters: answers.clusters } } }));
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `the fault was injected into ${file}`);
  writeFileSync(path, after);
}

const errorsOf = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error');

describe('validate on generated repos', () => {
  test("the story's repo is clean, with each cluster's replicas and ClusterIP in the table", async () => {
    const report = await validateRepo({ repo: storyRepo() });
    assert.deepEqual(errorsOf(report.findings), []);
    assert.deepEqual(
      report.clusters.map((c) => [c.name, c.helmReleases.map((r) => [r.chart, r.version, r.replicas, r.clusterIP])]),
      [
        ['apps', [['coredns', '1.38.0', 2, '10.247.0.10']]],
        ['infra', [['coredns', '1.38.0', 2, '10.245.0.10']]],
      ],
    );
    assert.deepEqual(report.clusters[1]!.kustomizations, [
      'Kustomization/flux-system/cluster-infra-infrastructure',
      'Kustomization/flux-system/cilium-core',
      'Kustomization/flux-system/coredns',
      'Kustomization/flux-system/coredns-monitoring',
    ]);
  });

  test("the generator's output at the newest catalogued chart validates without a warning, and a network-address ClusterIP is an error there", async () => {
    const repo = storyRepo({ ...STORY_ANSWERS, chart: { version: NEWEST_CHART_VERSION } });
    const clean = await validateRepo({ repo });
    assert.deepEqual(
      clean.findings.filter((f) => f.severity !== 'info').map((f) => [f.code, f.severity, f.message]),
      [],
    );
    assert.deepEqual(clean.clusters[0]!.helmReleases[0]!.version, NEWEST_CHART_VERSION);
    edit(repo, 'kubernetes/clusters/infra/cluster-settings.yaml', (t) => t.replace('10.245.0.10', '10.245.0.0'));
    const broken = await validateRepo({ repo });
    assert.deepEqual(
      broken.findings.filter((f) => f.severity !== 'info').map((f) => [f.cluster, f.code, f.severity, f.path]),
      [['infra', 'clusterip-outside-cidr', 'error', 'spec.values.service.clusterIP']],
    );
  });

  test('OCI source with chartRef validates clean too', async () => {
    const report = await validateRepo({ repo: storyRepo({ ...STORY_ANSWERS, dependsOn: ['cilium-core'], chart: { version: '1.38.1', source: 'oci' } }) });
    assert.deepEqual(errorsOf(report.findings), []);
    assert.deepEqual(report.clusters[0]!.helmReleases[0]!.version, '1.38.1');
  });

  test('parity: the engine and kubectl kustomize build the story the same', { skip: !kubectl && 'kubectl not on PATH' }, async () => {
    const dir = storyRepo();
    const sort = (objects: Array<Record<string, any>>) => [...objects].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    const engine = new Engine();
    try {
      for (const path of ['kubernetes/infrastructure', 'kubernetes/infrastructure/networking', 'kubernetes/infrastructure/networking/coredns']) {
        const outcome = await engine.build({
          sourceRoot: dir,
          kustomization: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'x', namespace: 'flux-system' }, spec: { path } },
        });
        assert.ok(outcome.ok, path);
        const real = parseAllDocuments(execFileSync('kubectl', ['kustomize', join(dir, path)], { encoding: 'utf8' })).map((d) => d.toJS() as Record<string, any>);
        assert.deepEqual(sort(outcome.result.objects.map((o) => o.object)), sort(real), path);
      }
    } finally {
      await engine.close();
    }
  });

  test('the command exits 0 clean, 1 on findings, 2 on usage; --format json is the report', async () => {
    const dir = storyRepo();
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } };
    assert.equal(await runValidateCommand(['--repo', dir, '--format', 'json'], io), 0);
    assert.equal(JSON.parse(out.join('')).clusters.length, 2);
    assert.equal(await runValidateCommand(['--repo', dir, '--format', 'xml'], io), 2);
    assert.equal(await runValidateCommand(['--repo', dir, '--bogus'], io), 2);
    rmSync(join(dir, 'kubernetes/clusters/apps/cluster-settings.yaml'));
    out.length = 0;
    assert.equal(await runValidateCommand(['--repo', dir, '--cluster', 'apps'], io), 1);
    assert.match(out.join(''), /substitute-source-missing/);
  });
});

interface Fault {
  readonly check: string;
  readonly inject: (dir: string) => void;
  readonly code: string;
  readonly file?: string;
  readonly object?: string;
  readonly path?: string;
  readonly severity?: Finding['severity'];
  readonly options?: { serviceCidrs?: Record<string, string> };
}

const FAULTS: Fault[] = [
  {
    check: 'a Flux schema (unknown field)',
    inject: (d) => edit(d, KS, (t) => t.replace('  prune: true', '  prune: true\n  prunee: true')),
    code: 'schema',
    file: KS,
    object: 'Kustomization/flux-system/coredns',
  },
  {
    check: 'a removed API version',
    inject: (d) => edit(d, 'kubernetes/infrastructure/networking/coredns/helmrepository.yaml', (t) => t.replace('source.toolkit.fluxcd.io/v1', 'source.toolkit.fluxcd.io/v1beta2')),
    code: 'api-removed',
    path: 'apiVersion',
  },
  {
    check: 'HelmRelease chart xor chartRef',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('  install:', '  chartRef:\n    kind: OCIRepository\n    name: coredns\n  install:')),
    code: 'helmrelease-chart-xor-chartref',
    object: 'HelmRelease/kube-system/coredns',
    path: 'spec',
  },
  {
    check: 'a sourceRef that resolves',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('        kind: HelmRepository\n        name: coredns', '        kind: HelmRepository\n        name: coredns-charts')),
    code: 'sourceRef-unresolved',
    path: 'spec.chart.spec.sourceRef',
  },
  { check: 'a dependsOn that resolves', inject: (d) => edit(d, KS, (t) => t.replace('name: cilium-core', 'name: cilium')), code: 'dependsOn-unresolved', file: KS, path: 'spec.dependsOn[0]' },
  {
    check: 'PromQL that parses',
    inject: (d) => edit(d, 'kubernetes/infrastructure/networking/coredns-monitoring/prometheusrule.yaml', (t) => t.replace('expr: sum(up{', 'expr: sum(up{{')),
    code: 'promql-syntax',
    path: 'spec.groups[0].rules[1].expr',
  },
  {
    check: 'a metric CoreDNS no longer exports',
    inject: (d) =>
      edit(d, 'kubernetes/infrastructure/networking/coredns-monitoring/prometheusrule.yaml', (t) =>
        t.replace('coredns_dns_request_duration_seconds_bucket', 'coredns_forward_request_duration_seconds_bucket'),
      ),
    code: 'promql-unknown-metric',
    severity: 'warning',
  },
  {
    check: 'a values key the chart ignores',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('    prometheus:\n', '    serviceMonitor:\n      enabled: true\n    prometheus:\n')),
    code: 'chart-unknown-key',
    path: 'spec.values.serviceMonitor',
  },
  {
    check: 'probe keys the chart ignores',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('    livenessProbe:\n      enabled: true', '    livenessProbe:\n      httpGet:\n        path: /health\n      enabled: true')),
    code: 'chart-unknown-key',
    path: 'spec.values.livenessProbe.httpGet',
  },
  {
    check: 'a PDB field the PDB spec does not have',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('      minAvailable: 1', '      enabled: true\n      minAvailable: 1')),
    code: 'chart-pdb-unknown-field',
    path: 'spec.values.podDisruptionBudget.enabled',
  },
  { check: 'a chart version with no profile', inject: (d) => edit(d, RELEASE, (t) => t.replace('version: 1.38.0', 'version: 1.99.0')), code: 'chart-no-profile', severity: 'warning' },
  // The generated repository labels no Namespace kube-system, so the API server admits these pods: warnings.
  {
    check: 'Pod Security restricted: seccomp',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('      seccompProfile:\n        type: RuntimeDefault\n', '')),
    code: 'pss-seccomp',
    path: 'spec.values.podSecurityContext.seccompProfile',
    severity: 'warning',
  },
  {
    check: 'Pod Security restricted: runAsNonRoot',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('      runAsNonRoot: true\n', '')),
    code: 'pss-run-as-non-root',
    severity: 'warning',
  },
  {
    check: 'Pod Security restricted: extra capabilities',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('          - NET_BIND_SERVICE', '          - NET_BIND_SERVICE\n          - NET_ADMIN')),
    code: 'pss-capabilities-add',
    severity: 'warning',
  },
  {
    check: 'NET_BIND_SERVICE kept for port 53',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('        add:\n          - NET_BIND_SERVICE\n', '        add: []\n')),
    code: 'chart-needs-net-bind-service',
  },
  {
    check: 'a spread that selects the pods',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('    k8sAppLabelOverride: kube-dns\n', '')),
    code: 'chart-spread-selects-nothing',
    path: 'spec.values.topologySpreadConstraints[0].labelSelector',
  },
  {
    check: 'PDB minAvailable below replicas',
    inject: (d) => edit(d, 'kubernetes/clusters/infra/cluster-settings.yaml', (t) => t.replace('COREDNS_REPLICAS: "2"', 'COREDNS_REPLICAS: "1"')),
    code: 'pdb-blocks-eviction',
    path: 'spec.values.podDisruptionBudget',
  },
  {
    check: 'replicas a whole number after substitution',
    inject: (d) => edit(d, 'kubernetes/clusters/infra/cluster-settings.yaml', (t) => t.replace('COREDNS_REPLICAS: "2"', 'COREDNS_REPLICAS: "two"')),
    code: 'replicas-invalid',
    path: 'spec.values.replicaCount',
  },
  {
    check: 'ClusterIP inside the service CIDR',
    inject: (d) => edit(d, 'kubernetes/clusters/infra/cluster-settings.yaml', (t) => t.replace('10.245.0.10', '10.247.0.10')),
    code: 'clusterip-outside-cidr',
    path: 'spec.values.service.clusterIP',
  },
  {
    check: 'ClusterIP not the network address',
    inject: (d) => edit(d, 'kubernetes/clusters/infra/cluster-settings.yaml', (t) => t.replace('10.245.0.10', '10.245.0.0')),
    code: 'clusterip-outside-cidr',
  },
  {
    check: 'ClusterIP not the broadcast address (CIDR from --service-cidr)',
    inject: (d) => {
      edit(d, 'kubernetes/clusters/infra/cluster-settings.yaml', (t) => t.replace('10.245.0.10', '10.245.0.255'));
      rmSync(join(d, '.yo-rc.json'));
    },
    code: 'clusterip-outside-cidr',
    options: { serviceCidrs: { infra: '10.245.0.0/24', apps: '10.247.0.0/16' } },
  },
  {
    check: 'an undefined variable (strict substitution)',
    inject: (d) => edit(d, RELEASE, (t) => t.replace('priorityClassName: system-cluster-critical', 'priorityClassName: ${COREDNS_PRIORITY}')),
    code: 'substitute-undefined',
    file: RELEASE,
  },
  {
    check: 'a ConfigMap key that is not a variable name',
    inject: (d) => edit(d, 'kubernetes/clusters/infra/cluster-settings.yaml', (t) => `${t}  cluster-name: infra\n`),
    code: 'substitute-invalid-variable-name',
    object: 'Kustomization/flux-system/cluster-infra-infrastructure',
  },
  {
    check: 'a substituteFrom ConfigMap that exists',
    inject: (d) => rmSync(join(d, 'kubernetes/clusters/infra/cluster-settings.yaml')),
    code: 'substitute-source-missing',
    path: 'spec.postBuild.substituteFrom[0]',
  },
  {
    check: 'healthChecks with wait: true',
    inject: (d) =>
      edit(d, KS, (t) =>
        t.replace('  wait: true', '  wait: true\n  healthChecks:\n    - apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      name: coredns\n      namespace: kube-system'),
      ),
    code: 'flux-healthchecks-ignored',
    severity: 'warning',
  },
  {
    check: 'OCI version never published',
    inject: (d) => {
      generateCoreDnsRepo(d, { ...STORY_ANSWERS, chart: { version: '1.38.1', source: 'oci' } });
      edit(d, 'kubernetes/infrastructure/networking/coredns/ocirepository.yaml', (t) => t.replace('tag: 1.38.1', 'tag: 1.38.0'));
    },
    code: 'oci-version-not-published',
    path: 'spec.ref.tag',
  },
  {
    check: 'alerts on the job label the ServiceMonitor produces',
    inject: (d) => edit(d, 'kubernetes/infrastructure/networking/coredns-monitoring/prometheusrule.yaml', (t) => t.replace('absent(up{job="coredns-metrics"', 'absent(up{job="coredns"')),
    code: 'alert-job-mismatch',
    severity: 'warning',
  },
  {
    check: 'a remote base, which an offline build cannot fetch',
    inject: (d) => edit(d, 'kubernetes/infrastructure/networking/coredns/kustomization.yaml', (t) => t.replace('resources:\n', 'resources:\n  - https://github.com/example/base?ref=v1\n')),
    code: 'build-remote-base',
    severity: 'info',
    file: 'kubernetes/infrastructure/networking/coredns/kustomization.yaml',
  },
  {
    check: 'a path that exists',
    inject: (d) => edit(d, KS, (t) => t.replace('path: ./kubernetes/infrastructure/networking/coredns', 'path: ./kubernetes/infra/coredns')),
    code: 'path-missing',
    path: 'spec.path',
  },
];

describe('one fault, one finding', () => {
  for (const fault of FAULTS) {
    test(fault.check, async () => {
      const dir = storyRepo();
      fault.inject(dir);
      const report = await validateRepo({ repo: dir, ...(fault.options ?? {}) });
      const hits = report.findings.filter((f) => f.code === fault.code);
      assert.ok(hits.length > 0, `finding ${fault.code} among ${JSON.stringify(report.findings.map((f) => f.code))}`);
      const hit = hits[0]!;
      assert.equal(hit.severity, fault.severity ?? 'error');
      if (fault.file) assert.equal(hit.file, fault.file);
      if (fault.object) assert.equal(hit.object, fault.object);
      if (fault.path) assert.equal(hit.path, fault.path);
      assert.ok(hit.message.length > 0 && hit.fix.length > 0);
      if ((fault.severity ?? 'error') === 'error') assert.ok(report.errors > 0);
    });
  }

  test('the fixture a fault test starts from has none of these findings', async () => {
    const codes = new Set((await validateRepo({ repo: storyRepo() })).findings.map((f) => f.code));
    for (const fault of FAULTS) assert.ok(!codes.has(fault.code), fault.code);
  });
});
