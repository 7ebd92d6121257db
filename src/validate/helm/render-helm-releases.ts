import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import maxSatisfying from 'semver/ranges/max-satisfying.js';
import valid from 'semver/functions/valid.js';
import { type LocatedChart, cachedChartPath, locateChart } from '../../charts/index.js';
import type { Engine } from '../../engine/index.js';
import type { Finding } from '../finding.js';
import { type RenderedObject, type UntrustedObject, fieldAt, objectId } from '../objects/index.js';
import { listOf } from '../objects/kube-objects.js';

/** What `validate --helm` needs to render every HelmRelease. */
export interface HelmRenderOptions {
  /** The chart cache (docs/charts.md). @default defaultChartCacheDir() */
  readonly chartCache: string;
  /** The clusters' Kubernetes version, for Capabilities.KubeVersion. @default DEFAULT_KUBE_VERSION */
  readonly kubeVersion?: string;
}

/** The Kubernetes version charts see when none is given: the newest minor kubectl-v34 serves. */
const DEFAULT_KUBE_VERSION = '1.34.0';

/** What rendering one cluster's releases gave: objects per release, and every object as the cluster applies it. */
export interface RenderedReleases {
  /** `HelmRelease/<namespace>/<name>` to the objects Helm made for it. */
  readonly byRelease: Map<string, readonly Readonly<Record<string, unknown>>[]>;
  /** The same objects, each applied by its HelmRelease (for diff and graph). */
  readonly objects: readonly RenderedObject[];
}

interface ChartAt {
  readonly url: string;
  readonly chart: string;
  readonly version: string;
  readonly source: string;
}

const isKind = (o: UntrustedObject, kind: string, group: string) => o.kind === kind && typeof o.apiVersion === 'string' && o.apiVersion.startsWith(`${group}/`);
const namespaceOf = (o: UntrustedObject, fallback = 'default'): string => (typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : fallback);

/**
 * Renders every HelmRelease of one cluster with Helm's own library in the engine, as
 * helm-controller would: the chart from the cache (or shipped with the package), its valuesFrom
 * ConfigMaps and Secrets as the cluster has them, the cluster's CRDs as API versions. A chart
 * not in the cache is one note naming how to pull it; the release is still checked on its values.
 */
export async function renderHelmReleases(engine: Engine, cluster: string, objects: readonly RenderedObject[], options: HelmRenderOptions, findings: Finding[]): Promise<RenderedReleases> {
  const byRelease = new Map<string, readonly Readonly<Record<string, unknown>>[]>();
  const rendered: RenderedObject[] = [];
  const apiVersions = servedApiVersions(objects);
  for (const entry of objects) {
    const release = entry.object;
    if (!isKind(release, 'HelmRelease', 'helm.toolkit.fluxcd.io')) continue;
    const id = objectId(release);
    const namespace = namespaceOf(release);
    const report = (code: string, severity: Finding['severity'], message: string, fix: string) =>
      findings.push({ code, severity, cluster, ...(entry.file ? { file: entry.file } : {}), object: id, message, fix });
    const wanted = chartOf(release, namespace, objects);
    if (typeof wanted === 'string') {
      report('helm-not-rendered', 'info', `${wanted}, so Helm did not render it`, 'name the chart and a fixed version through a HelmRepository or OCIRepository of this repository');
      continue;
    }
    const located = locate(options.chartCache, wanted);
    if (!located) {
      report(
        'helm-chart-not-cached',
        'info',
        `chart ${wanted.chart} ${wanted.version} from ${wanted.source} (${wanted.url}) is not in the chart cache, so Helm did not render it`,
        `run platform-gitops charts pull --chart-cache ${options.chartCache} where the network reaches ${wanted.url}`,
      );
      continue;
    }
    const outcome = await engine.request('helm.template', {
      helmRelease: release,
      chart: located.path,
      chartRoots: located.roots,
      valuesSources: valuesSources(release, namespace, objects),
      kubeVersion: options.kubeVersion ?? DEFAULT_KUBE_VERSION,
      apiVersions,
    });
    if (!outcome.ok) {
      report(outcome.problem.code, 'error', outcome.problem.message, 'fix the values (or valuesFrom sources) so that Helm renders the chart');
      continue;
    }
    // Test hooks run only on `helm test`, which helm-controller runs only when asked: not the release's objects.
    const made = (outcome.result as { objects: { object: UntrustedObject; hook?: string[] }[] }).objects.filter((o) => !o.hook?.some((event) => event.startsWith('test')));
    byRelease.set(
      id,
      made.map((o) => o.object),
    );
    rendered.push(...made.map((o) => ({ object: o.object, ...(entry.file ? { file: entry.file } : {}), appliedBy: id })));
  }
  return { byRelease, objects: rendered };
}

/** The chart a HelmRelease asks for, or why it cannot be named offline. */
function chartOf(release: UntrustedObject, namespace: string, objects: readonly RenderedObject[]): ChartAt | string {
  // A namespace as written: only compared with the sources' namespaces and printed.
  const find = (kind: string, name: unknown, ns: unknown) =>
    objects.map((e) => e.object).find((o) => isKind(o, kind, 'source.toolkit.fluxcd.io') && o.metadata?.name === name && namespaceOf(o, ns as string) === ns);
  const spec = fieldAt(release.spec, 'chart', 'spec');
  if (spec) {
    const ref = fieldAt(spec, 'sourceRef') ?? {};
    const kind = fieldAt(ref, 'kind');
    const name = fieldAt(ref, 'name');
    const ns = fieldAt(ref, 'namespace') ?? namespace;
    if (kind !== 'HelmRepository') return `its chart comes from a ${String(kind ?? 'source')}, not a chart repository`;
    const source = find('HelmRepository', name, ns);
    if (!source) return `HelmRepository ${String(ns)}/${String(name)} is not applied on this cluster`;
    return {
      url: String(fieldAt(source.spec, 'url') ?? '').replace(/\/+$/, ''),
      chart: String(fieldAt(spec, 'chart') ?? ''),
      version: String(fieldAt(spec, 'version') ?? '*'),
      source: objectId(source),
    };
  }
  const chartRef = fieldAt(release.spec, 'chartRef');
  const kind = fieldAt(chartRef, 'kind');
  const name = fieldAt(chartRef, 'name');
  const ns = fieldAt(chartRef, 'namespace') ?? namespace;
  if (kind !== 'OCIRepository') return `spec.chartRef names a ${String(kind ?? 'nothing')}`;
  const source = find('OCIRepository', name, ns);
  if (!source) return `OCIRepository ${String(ns)}/${String(name)} is not applied on this cluster`;
  const url = String(fieldAt(source.spec, 'url') ?? '').replace(/\/+$/, '');
  const at = url.lastIndexOf('/');
  return { url: url.slice(0, at), chart: url.slice(at + 1), version: String(fieldAt(source.spec, 'ref', 'tag') ?? fieldAt(source.spec, 'ref', 'semver') ?? 'latest'), source: objectId(source) };
}

/** The cached (or shipped) chart; a range takes the newest cached version that satisfies it, as source-controller takes the newest in the index. */
function locate(cache: string, wanted: ChartAt): LocatedChart | undefined {
  if (valid(wanted.version)) return locateChart(cache, wanted.url, wanted.chart, wanted.version);
  const dir = dirname(cachedChartPath(cache, wanted.url, wanted.chart, '0.0.0'));
  const versions = existsSync(dir) ? readdirSync(dir).flatMap((f) => (f.endsWith('.tgz') ? [f.slice(0, -4)] : [])) : [];
  const best = maxSatisfying(versions, wanted.version === '' ? '*' : wanted.version);
  return best ? locateChart(cache, wanted.url, wanted.chart, best) : undefined;
}

/** The ConfigMaps and Secrets of the release's namespace that its valuesFrom names. */
function valuesSources(release: UntrustedObject, namespace: string, objects: readonly RenderedObject[]): UntrustedObject[] {
  const refs = listOf(fieldAt(release.spec, 'valuesFrom'));
  const named = new Set(refs.map((r) => `${String(fieldAt(r, 'kind'))}/${String(fieldAt(r, 'name'))}`));
  return objects
    .map((e) => e.object)
    .filter((o) => (o.kind === 'ConfigMap' || o.kind === 'Secret') && o.apiVersion === 'v1' && namespaceOf(o) === namespace && named.has(`${o.kind}/${String(o.metadata?.name)}`));
}

/** `group/version` and `group/version/Kind` of every version the cluster's CRDs serve. */
function servedApiVersions(objects: readonly RenderedObject[]): string[] {
  const served = new Set<string>();
  for (const { object: crd } of objects) {
    const versions = fieldAt(crd.spec, 'versions');
    if (crd.kind !== 'CustomResourceDefinition' || !Array.isArray(versions)) continue;
    const group = String(fieldAt(crd.spec, 'group'));
    for (const version of versions) {
      const name = fieldAt(version, 'name');
      if (fieldAt(version, 'served') === false || typeof name !== 'string') continue;
      served.add(`${group}/${name}`);
      served.add(`${group}/${name}/${String(fieldAt(crd.spec, 'names', 'kind'))}`);
    }
  }
  return [...served].sort();
}
