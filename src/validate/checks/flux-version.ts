import { type RenderedObject, fieldAt } from '../objects/index.js';

/** The Flux a cluster installs, and what says so (for messages). */
export interface FluxVersion {
  readonly major: number;
  readonly minor: number;
  /** `v2.4.0`, `2.4.x`: as written. */
  readonly written: string;
  /** `Kind/namespace/name in file`: where it was found. */
  readonly from: string;
}

/** The newest Flux these checks know: what `flux bootstrap` installs when a repository pins none. */
export const NEWEST_FLUX = '2.9';

/**
 * The first Flux whose kustomize-controller (v1.9) substitutes strictly by default: its
 * StrictPostBuildSubstitutions feature gate is on, so a variable without default that no source
 * defines fails the reconcile. Before (v1.3 to v1.8) the gate is opt-in and older ones have none:
 * such a variable becomes an empty string. See docs/decisions.md.
 */
export const STRICT_SUBSTITUTION_FLUX = '2.9';

/** Whether Flux `version` (undefined: none pinned, so the newest) fails an undefined variable by default. */
export const strictSubstitution = (version: FluxVersion | undefined): boolean => version === undefined || atLeast(version, STRICT_SUBSTITUTION_FLUX);

const parse = (text: unknown): { major: number; minor: number } | undefined => {
  const m = typeof text === 'string' ? /^[^0-9]*(\d+)\.(\d+)(?:\.|$|-)/.exec(text.trim()) : null;
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
};

/**
 * The Flux version a cluster's objects install: the `app.kubernetes.io/version` label of the
 * flux-system objects gotk-components.yaml holds, a FluxInstance's (or the flux-instance chart's)
 * `distribution.version`, or the tag of an OCIRepository of the flux-manifests artifact. A range
 * such as `2.x` or a placeholder gotk-components.yaml pins nothing: undefined.
 */
export function fluxVersionOf(objects: readonly RenderedObject[]): FluxVersion | undefined {
  for (const { object, file } of objects) {
    const meta = object.metadata ?? {};
    const at = `${object.kind}/${meta.namespace ? `${meta.namespace}/` : ''}${meta.name}${file ? ` in ${file}` : ''}`;
    const candidates: unknown[] = [];
    if (meta.labels?.['app.kubernetes.io/part-of'] === 'flux') candidates.push(meta.labels['app.kubernetes.io/version']);
    if (object.kind === 'FluxInstance' && String(object.apiVersion).startsWith('fluxcd.controlplane.io/')) candidates.push(fieldAt(object.spec, 'distribution', 'version'));
    if (object.kind === 'HelmRelease') candidates.push(fieldAt(object.spec, 'values', 'instance', 'distribution', 'version'));
    const url = fieldAt(object.spec, 'url');
    if (object.kind === 'OCIRepository' && typeof url === 'string' && /\/flux-manifests$/.test(url)) candidates.push(fieldAt(object.spec, 'ref', 'tag'));
    for (const written of candidates) {
      const version = parse(written);
      if (version) return { ...version, written: String(written), from: at };
    }
  }
  return undefined;
}

/** True when Flux `version` is at least `minor` (`2.8`). */
export function atLeast(version: { major: number; minor: number }, minor: string): boolean {
  const other = parse(minor)!;
  return version.major > other.major || (version.major === other.major && version.minor >= other.minor);
}
