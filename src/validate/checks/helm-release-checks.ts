import validRange from 'semver/ranges/valid.js';
import type { ChartProfile } from '../../model/index.js';
import { CHART_OCI_URL, isPublishedToOci } from '../../model/index.js';
import type { RenderedObject } from '../objects/index.js';
import type { ClusterIndex, Report } from './cluster-context.js';
import type { HelmReleaseSummary } from './helm-release-summary.js';
import { objectId } from '../objects/index.js';
import { type HelmRelease, type KubeObject, type Values, isMap, isOciRepository, namespaceOf, textOf } from '../objects/kube-objects.js';

/** A HelmRelease with its chart resolved through its source, as the chart checks see it. */
export interface ResolvedRelease {
  readonly entry: RenderedObject;
  readonly object: HelmRelease;
  /** Where helm-controller installs it: targetNamespace, else the HelmRelease's namespace. */
  readonly targetNamespace: string;
  /** Chart name ('' when unresolved), from spec.chart or the chartRef'd OCIRepository's URL. */
  readonly chart: string;
  readonly version: string;
  readonly values: Values;
  /** helm-controller's release name: releaseName, else `<targetNamespace>-<name>` with a targetNamespace, else the name. */
  readonly releaseName: string;
  readonly report: Report;
}

/** Checks one HelmRelease's chart reference and resolves its chart for the per-chart checks. */
export function resolveHelmRelease(entry: RenderedObject & { readonly object: HelmRelease }, index: ClusterIndex): ResolvedRelease {
  const { object } = entry;
  const report = index.reporter(entry);
  const spec = object.spec ?? {};
  const namespace = namespaceOf(object);
  if (Boolean(spec.chart) === Boolean(spec.chartRef)) {
    report('helmrelease-chart-xor-chartref', 'error', 'spec', spec.chart ? 'sets both spec.chart and spec.chartRef' : 'sets neither spec.chart nor spec.chartRef', 'set exactly one of them');
  }
  let chart = '';
  let version = '';
  if (spec.chart?.spec) {
    chart = String(spec.chart.spec.chart ?? '');
    const wanted = spec.chart.spec.version;
    version = wanted === undefined ? '' : String(wanted);
    // helm-controller resolves the version as a semver range; anything else fails the chart pull.
    if (wanted !== undefined && validRange(version) === null) {
      report(
        'chart-version-invalid',
        'error',
        'spec.chart.spec.version',
        `"${version}" is not a semver version or range; the chart is never fetched`,
        'set a version such as 1.38.0, or a range such as ">=1.38.0 <1.39.0"',
      );
    }
    const ref = spec.chart.spec.sourceRef;
    if (ref?.name && !index.find(textOf(ref.kind), textOf(ref.namespace) ?? namespace, String(ref.name))) {
      report(
        'sourceRef-unresolved',
        'error',
        'spec.chart.spec.sourceRef',
        `${ref.kind} ${ref.namespace ?? namespace}/${ref.name} is not defined for this cluster`,
        'define the chart source beside the HelmRelease, or fix the reference',
      );
    }
  } else if (spec.chartRef) {
    const ref = spec.chartRef;
    const source = index.find(textOf(ref.kind), textOf(ref.namespace) ?? namespace, String(ref.name))?.object as KubeObject | undefined;
    if (!source) {
      report(
        'chartRef-unresolved',
        'error',
        'spec.chartRef',
        `${ref.kind} ${ref.namespace ?? namespace}/${ref.name} is not defined for this cluster`,
        'define the OCIRepository beside the HelmRelease, or fix the reference',
      );
    } else if (isOciRepository(source)) {
      chart =
        String(source.spec?.url ?? '')
          .replace(/\/$/, '')
          .split('/')
          .at(-1) ?? '';
      version = String(source.spec?.ref?.tag ?? source.spec?.ref?.semver ?? '');
    }
  }
  const name = object.metadata?.name ?? '?';
  return {
    entry,
    object,
    targetNamespace: textOf(spec.targetNamespace) ?? namespace,
    chart,
    version,
    values: isMap(spec.values) ? spec.values : {},
    releaseName: textOf(spec.releaseName) ?? (textOf(spec.targetNamespace) ? `${String(spec.targetNamespace)}-${name}` : name),
    report,
  };
}

/** The row of the report's HelmRelease table. */
export function summarize(release: ResolvedRelease): HelmReleaseSummary {
  const { object, values, entry } = release;
  const service = isMap(values.service) ? values.service : {};
  return {
    name: object.metadata?.name ?? '?',
    namespace: namespaceOf(object),
    chart: release.chart,
    version: release.version,
    ...(values.replicaCount !== undefined ? { replicas: values.replicaCount } : {}),
    ...(service.clusterIP !== undefined ? { clusterIP: service.clusterIP } : {}),
    ...(entry.file ? { file: entry.file } : {}),
  };
}

/** Two releases of one chart under one name in one namespace are one Helm release, owned twice. */
export function checkDuplicateReleases(releases: readonly ResolvedRelease[]): void {
  const first = new Map<string, ResolvedRelease>();
  for (const release of releases) {
    if (!release.chart) continue;
    const key = `${release.targetNamespace}/${release.releaseName}/${release.chart}`;
    const earlier = first.get(key);
    // The very same object applied twice is duplicate-object's finding, not this one.
    if (earlier && objectId(earlier.object) !== objectId(release.object)) {
      release.report(
        'helmrelease-duplicate',
        'error',
        'metadata.name',
        `${objectId(release.object)} installs chart ${release.chart} as release "${release.releaseName}" in ${release.targetNamespace}, like ${objectId(earlier.object)}${earlier.entry.file ? ` (${earlier.entry.file})` : ''}: the two overwrite each other`,
        'keep one HelmRelease, or give one a different releaseName or targetNamespace',
      );
    } else if (!earlier) {
      first.set(key, release);
    }
  }
}

/** A chart version that never reached the OCI registry cannot be pulled from it. */
export function checkOciTagPublished(entry: RenderedObject, _index: ClusterIndex, report: Report): void {
  const object = entry.object as KubeObject;
  if (!isOciRepository(object) || String(object.spec?.url ?? '').replace(/\/$/, '') !== CHART_OCI_URL) return;
  const tag = object.spec?.ref?.tag;
  if (typeof tag === 'string' && !isPublishedToOci(tag)) {
    report(
      'oci-version-not-published',
      'error',
      'spec.ref.tag',
      `coredns chart ${tag} was never published to ${object.spec?.url}; the pull fails`,
      'use 1.38.1 or later from OCI, or a HelmRepository for this version',
    );
  }
}

/** A release whose chart version has a profile: its values merged over the chart's defaults. */
/** A release with the values its checks read. */
export interface MergedRelease extends ResolvedRelease {
  /** The user's values merged over the profile's defaults, as Helm merges them (the values alone without a profile). */
  readonly merged: Values;
}

export interface ProfiledRelease extends MergedRelease {
  readonly profile: ChartProfile;
  /** Fix hints for keys the chart ignores, by values path. */
  readonly keyHints: Readonly<Record<string, string>>;
}

/** A check registered for one chart; runs only on that chart's profiled releases. */
export type ReleaseCheck = (release: ProfiledRelease, index: ClusterIndex) => void;
/** A check that needs no profile: it also runs on releases of versions the validator has no profile for. */
export type AnyVersionCheck = (release: MergedRelease, index: ClusterIndex) => void;
