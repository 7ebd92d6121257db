import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { scanTree } from '../../validate/flux/confined-tree.js';
import type { HelmRelease, HelmRepository, KubeObject, OciRepository } from '../../validate/objects/kube-objects.js';
import { isMap } from '../../private/is-map.js';

/** A chart version a HelmRelease asks for, and the repository it comes from. */
export interface ChartReference {
  /** The repository URL (https://…, or oci://host/path without the chart's name). */
  readonly url: string;
  readonly oci: boolean;
  readonly chart: string;
  /** An exact version or a semver range (HelmRepository over HTTP only). */
  readonly version: string;
  /** The HelmRepository/OCIRepository, as `Kind namespace/name`, for messages. */
  readonly source: string;
  /** The repository object names credentials (secretRef); pulling needs them. */
  readonly needsCredentials: boolean;
  /** spec.insecure: plain HTTP to an OCI registry. */
  readonly insecure: boolean;
}

/** A HelmRelease whose chart cannot be named offline (a variable, a missing source). */
export interface UnresolvedReference {
  readonly release: string;
  readonly file: string;
  readonly reason: string;
}

interface Found {
  readonly object: KubeObject;
  readonly file: string;
}

const isSource = (o: KubeObject, kind: string) => o.kind === kind && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('source.toolkit.fluxcd.io/');
/** Any served HelmRelease version (v2 and the older betas a repository may still hold). */
const isAnyHelmRelease = (o: KubeObject): o is HelmRelease => o.kind === 'HelmRelease' && String(o.apiVersion).startsWith('helm.toolkit.fluxcd.io/');

/**
 * Every chart the repository's HelmReleases name, read from its YAML files as written (no
 * build: a namespace set by a kustomization matches any). Reads nothing outside `repo`.
 */
export function findChartReferences(repo: string): { references: ChartReference[]; unresolved: UnresolvedReference[] } {
  const objects: Found[] = [];
  scanTree(
    repo,
    repo,
    (path) => {
      for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
        if (doc.errors.length > 0) break;
        const object: unknown = doc.toJS();
        if (isMap(object) && typeof object.kind === 'string') objects.push({ object: object as KubeObject, file: path.slice(repo.length + 1) });
      }
    },
    [],
  );
  // name and namespace as the release gives them: untrusted, compared but never assumed text.
  const find = (kind: string, name: unknown, namespace: unknown) =>
    objects.find(
      ({ object }) => isSource(object, kind) && object.metadata?.name === name && (namespace === undefined || object.metadata?.namespace === undefined || object.metadata.namespace === namespace),
    );

  const references: ChartReference[] = [];
  const unresolved: UnresolvedReference[] = [];
  for (const { object: hr, file } of objects) {
    if (!isAnyHelmRelease(hr)) continue;
    const release = `HelmRelease ${hr.metadata?.namespace ?? ''}/${hr.metadata?.name ?? ''}`;
    const miss = (reason: string) => unresolved.push({ release, file, reason });
    const namespace: string | undefined = hr.metadata?.namespace;
    const spec = hr.spec?.chart?.spec;
    if (spec) {
      const chart = String(spec.chart ?? '');
      const version = String(spec.version ?? '*');
      const ref = spec.sourceRef ?? {};
      if (`${chart}${version}`.includes('${')) {
        miss(`spec.chart.spec names its chart or version through a Flux variable (${chart} ${version}); the cache is filled for fixed versions`);
        continue;
      }
      if (ref.kind !== 'HelmRepository') {
        miss(`its chart comes from a ${ref.kind ?? 'source'}, which holds the chart in git or a bucket, not in a chart repository`);
        continue;
      }
      const source = find('HelmRepository', ref.name, ref.namespace ?? namespace);
      if (!source) {
        miss(`spec.chart.spec.sourceRef names HelmRepository ${ref.namespace ?? namespace ?? ''}/${ref.name}, which no file of the repository defines`);
        continue;
      }
      const repo = source.object as HelmRepository;
      references.push({
        url: String(repo.spec?.url ?? '').replace(/\/+$/, ''),
        oci: repo.spec?.type === 'oci' || String(repo.spec?.url ?? '').startsWith('oci://'),
        chart,
        version,
        source: `HelmRepository ${repo.metadata?.namespace ?? ''}/${repo.metadata?.name}`,
        needsCredentials: Boolean(repo.spec?.secretRef),
        insecure: repo.spec?.insecure === true,
      });
      continue;
    }
    const chartRef = hr.spec?.chartRef;
    if (chartRef?.kind === 'OCIRepository') {
      const source = find('OCIRepository', chartRef.name, chartRef.namespace ?? namespace);
      if (!source) {
        miss(`spec.chartRef names OCIRepository ${chartRef.namespace ?? namespace ?? ''}/${chartRef.name}, which no file of the repository defines`);
        continue;
      }
      const oci = source.object as OciRepository;
      const url = String(oci.spec?.url ?? '').replace(/\/+$/, '');
      const tag = oci.spec?.ref?.tag ?? oci.spec?.ref?.semver ?? 'latest';
      const at = url.lastIndexOf('/');
      references.push({
        url: url.slice(0, at),
        oci: true,
        chart: url.slice(at + 1),
        version: String(tag),
        source: `OCIRepository ${oci.metadata?.namespace ?? ''}/${oci.metadata?.name}`,
        needsCredentials: Boolean(oci.spec?.secretRef),
        insecure: oci.spec?.insecure === true,
      });
    } else if (chartRef) {
      miss(`spec.chartRef names a ${chartRef.kind}; only OCIRepository charts are pulled`);
    }
  }
  const seen = new Set<string>();
  return {
    references: references.filter((r) => {
      const key = `${r.url} ${r.chart} ${r.version}`;
      return seen.has(key) ? false : (seen.add(key), true);
    }),
    unresolved,
  };
}
