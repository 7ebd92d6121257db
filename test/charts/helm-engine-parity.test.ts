import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION } from '../../src/index.js';
import { bundledChartsDir, findBundledChart } from '../../src/charts/index.js';
import { Engine } from '../../src/engine/index.js';
import { CHART_FIXTURES, goldenReleaseValues } from '../support/chart-fixtures.js';
import { helmTemplateDocuments } from '../support/helm.js';
import { KUBECTL_ON_PATH } from '../support/kubectl.js';
import { ROOT } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';

interface Rendered {
  releaseName: string;
  namespace: string;
  chart: { name: string; version: string };
  objects: { file: string; object: Record<string, any>; hook?: string[]; crd?: boolean }[];
}

const ORIGIN = ['helm.toolkit.fluxcd.io/name', 'helm.toolkit.fluxcd.io/namespace'];
const KUBE_VERSION = 'v1.31.0';

/** The object without helm-controller's origin labels (asserted present first), as `helm template` makes it. */
function withoutOrigin(object: Record<string, any>, release: { name: string; namespace: string }): Record<string, any> {
  const copy = structuredClone(object);
  const labels = copy.metadata.labels as Record<string, string>;
  assert.deepEqual(
    ORIGIN.map((key) => labels[key]),
    [release.name, release.namespace],
    `${copy.kind}/${copy.metadata.name} carries the origin labels`,
  );
  for (const key of ORIGIN) delete labels[key];
  if (Object.keys(labels).length === 0) delete copy.metadata.labels;
  return copy;
}

const GOLDEN_RELEASE = join(ROOT, 'test/golden/coredns/story-helm/kubernetes/infrastructure/networking/coredns/helmrelease.yaml');
const VARIABLES: Record<string, string> = { COREDNS_REPLICAS: '2', COREDNS_CLUSTER_IP: '10.245.0.10' };

const engine = new Engine();
after(() => engine.close());

/** helm.template through the engine client; a problem fails the test with its code. */
async function render(params: Record<string, unknown>): Promise<Rendered> {
  const outcome = await engine.request('helm.template', params);
  assert.ok(outcome.ok, outcome.ok ? '' : `${outcome.problem.code}: ${outcome.problem.message}`);
  return outcome.result as Rendered;
}

for (const version of [DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION]) {
  describe(`the engine renders the story's CoreDNS HelmRelease with the shipped chart ${version} as helm template does`, () => {
    test('same objects, same order, same template files; only the origin labels added', async () => {
      // The golden HelmRelease as Flux applies it: variables substituted, then the chart version under test.
      const release = parse(readFileSync(GOLDEN_RELEASE, 'utf8').replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => VARIABLES[name] ?? whole));
      release.spec.chart.spec.version = version;
      const chart = findBundledChart('https://coredns.github.io/helm', 'coredns', version);
      assert.ok(chart, `charts/coredns/${version}.tgz ships with the package`);
      const rendered = await render({ helmRelease: release, chart, chartRoots: [bundledChartsDir()], kubeVersion: KUBE_VERSION });
      assert.deepEqual([rendered.releaseName, rendered.namespace, rendered.chart], ['coredns', 'kube-system', { name: 'coredns', version }]);

      const oracle = helmTemplateDocuments(join(CHART_FIXTURES, version), goldenReleaseValues(VARIABLES), { releaseName: 'coredns', namespace: 'kube-system', kubeVersion: KUBE_VERSION });
      assert.ok(oracle.some((doc) => doc.object.kind === 'Deployment'));
      assert.deepEqual(
        rendered.objects.map((o) => ({ source: o.file, object: withoutOrigin(o.object, release.metadata) })),
        oracle,
      );
    });
  });
}

describe(
  'the engine applies a HelmRelease’s valuesFrom, targetNamespace, post-renderers and commonMetadata as helm template + kustomize do',
  { skip: !KUBECTL_ON_PATH && 'kubectl is not on PATH' },
  () => {
    const fixtures = join(ROOT, 'test/fixtures/charts');
    const release = parse(readFileSync(join(fixtures, 'demo-helmrelease.yaml'), 'utf8'));
    const sources = parseAllDocuments(readFileSync(join(fixtures, 'demo-values-sources.yaml'), 'utf8')).map((doc) => doc.toJS());
    /** What helm-controller's merge makes of the ConfigMap, the Secret's targetPath and spec.values, written out by hand. */
    const MERGED = { replicaCount: 3, podAnnotations: { from: 'configmap' }, extraEnv: [{ name: 'MODE', value: 'demo' }], service: { port: 9090 } };
    const CAPABILITIES = { kubeVersion: KUBE_VERSION, apiVersions: ['monitoring.coreos.com/v1/ServiceMonitor'] };

    /** helm template with the merged values, then kubectl kustomize with the release's patches and images and helm-controller's label transformers. */
    function oracle(): Record<string, any>[] {
      const documents = helmTemplateDocuments(join(fixtures, 'demo'), MERGED, { releaseName: 'apps-web', namespace: 'apps', ...CAPABILITIES });
      const work = tempDir('gp-postrender-');
      try {
        writeFileSync(join(work, 'helm.yaml'), documents.map((doc) => stringify(doc.object)).join('---\n'));
        const labels = (name: string, pairs: Record<string, string>) => ({
          apiVersion: 'builtin',
          kind: 'LabelTransformer',
          metadata: { name },
          labels: pairs,
          fieldSpecs: [{ path: 'metadata/labels', create: true }],
        });
        writeFileSync(join(work, 'common.yaml'), stringify(labels('common', release.spec.commonMetadata.labels)));
        writeFileSync(join(work, 'origin.yaml'), stringify(labels('origin', { [ORIGIN[0]!]: 'web', [ORIGIN[1]!]: 'flux-system' })));
        const { images, patches } = release.spec.postRenderers[0].kustomize;
        writeFileSync(
          join(work, 'kustomization.yaml'),
          stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['helm.yaml'], images, patches, transformers: ['common.yaml', 'origin.yaml'] }),
        );
        return parseAllDocuments(execFileSync('kubectl', ['kustomize', work], { encoding: 'utf8' })).map((doc) => doc.toJS());
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }

    const key = (o: Record<string, any>) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

    test('the same objects, the patches and images applied', async () => {
      const rendered = await render({ helmRelease: release, chart: join(fixtures, 'demo'), chartRoots: [fixtures], valuesSources: sources, ...CAPABILITIES });
      assert.deepEqual([rendered.releaseName, rendered.namespace], ['apps-web', 'apps']);
      const templated = rendered.objects.filter((o) => !o.crd).map((o) => o.object);
      const expected = oracle();
      assert.deepEqual(templated.map(key).sort(), expected.map(key).sort());
      for (const object of expected) {
        assert.deepEqual(
          templated.find((o) => key(o) === key(object)),
          object,
          key(object),
        );
      }
      // The fixture exercises what it claims to.
      const deployment = templated.find((o) => o.kind === 'Deployment')!;
      assert.equal(deployment.spec.template.spec.containers[0].image, 'docker.io/library/nginx:1.27.1');
      assert.equal(deployment.spec.template.spec.securityContext.runAsNonRoot, true);
      assert.ok(templated.some((o) => o.kind === 'ServiceMonitor'));
    });

    test('the chart’s CRDs as the crds/ file with the origin labels only (Create policy), not post-rendered', async () => {
      const rendered = await render({ helmRelease: release, chart: join(fixtures, 'demo'), chartRoots: [fixtures], valuesSources: sources, ...CAPABILITIES });
      const crds = rendered.objects.filter((o) => o.crd);
      const file = parse(readFileSync(join(fixtures, 'demo/crds/widgets.yaml'), 'utf8'));
      file.metadata.labels = { [ORIGIN[0]!]: 'web', [ORIGIN[1]!]: 'flux-system' };
      assert.deepEqual(
        crds.map((o) => [o.file, o.object]),
        [['demo/crds/widgets.yaml', file]],
      );
    });
  },
);
