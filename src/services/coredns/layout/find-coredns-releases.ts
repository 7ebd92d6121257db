import { InputError } from '../../../model/input-error.js';
import { isMap } from '../../../private/is-map.js';
import type { HelmRelease, OciRepository } from '../../../validate/objects/kube-objects.js';
import { type RepoObject, findRepoObject } from '../../../layout/repo-objects.js';

/** A HelmRelease of the coredns chart found in the repository. */
export interface CoreDnsRelease {
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  /** Where its chart comes from: `helm` (chart.spec) or `oci` (chartRef to an OCIRepository). */
  readonly source: 'helm' | 'oci';
  /** Its chart version (chart.spec.version, or the OCIRepository's tag). */
  readonly version?: string;
  /** The file of the OCIRepository its chartRef names, when there is one. */
  readonly sourceFile?: string;
  /** Rendered by this generator: its replicas come from the settings (a foreign one at our path is not ours). */
  readonly generated: boolean;
}

/** Any served version (v2, and the v2beta1/v2beta2 older repositories still hold). */
const isHelmRelease = (o: RepoObject['object']): o is HelmRelease => o.kind === 'HelmRelease' && String(o.apiVersion ?? '').startsWith('helm.toolkit.fluxcd.io/');

/**
 * Every HelmRelease of the coredns chart: by chart name (chart.spec.chart), or by a chartRef to an
 * OCIRepository serving .../coredns (home-ops pulls it that way).
 */
export function findCoreDnsReleases(objects: readonly RepoObject[]): CoreDnsRelease[] {
  return objects.flatMap(({ file, object }): CoreDnsRelease[] => {
    if (!isHelmRelease(object)) return [];
    const namespace = object.metadata?.namespace ?? 'default';
    const base = { file, name: String(object.metadata?.name), namespace, generated: isMap(object.spec?.values) && object.spec.values.replicaCount === '${COREDNS_REPLICAS}' };
    const spec = object.spec?.chart?.spec;
    if (spec?.chart === 'coredns') return [{ ...base, source: 'helm' as const, ...(spec.version ? { version: String(spec.version) } : {}) }];
    const ref = object.spec?.chartRef;
    if (ref?.kind !== 'OCIRepository') return [];
    const source = findRepoObject(objects, 'OCIRepository', String(ref.name), typeof ref.namespace === 'string' ? ref.namespace : namespace) as { file: string; object: OciRepository } | undefined;
    const servesCoreDns = source ? /\/coredns$/.test(String(source.object.spec?.url ?? '')) : ref.name === 'coredns';
    if (!servesCoreDns) return [];
    const tag = source?.object.spec?.ref?.tag;
    return [{ ...base, source: 'oci' as const, ...(tag ? { version: String(tag) } : {}), ...(source ? { sourceFile: source.file } : {}) }];
  });
}

/** Stops the run when CoreDNS already runs from a release we do not manage: two would fight over kube-dns. */
export function foreignCoreDnsError(releases: readonly CoreDnsRelease[]): InputError {
  return new InputError(
    releases.map((r) => ({
      code: 'coredns-release-foreign' as const,
      path: r.file,
      message: `already defines HelmRelease ${r.namespace}/${r.name} of the coredns chart; a second CoreDNS would fight it for the kube-dns Service`,
      fix: 'pass --adopt to manage that release in place (its other values are kept), or remove it first',
    })),
    'CoreDNS is already installed from this repository',
  );
}
