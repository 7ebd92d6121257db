import type { RenderedObject } from '../objects/index.js';
import { isInside, resolveInside } from '../flux/confined-tree.js';
import { isFluxKustomization } from '../objects/kube-objects.js';
import type { GeneratedArtifact } from './artifact-generators.js';

/** A Flux source reference as a Kustomization's spec.sourceRef gives it. */
export interface SourceRef {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/** Kinds a Flux Kustomization can build from. */
const SOURCE_KINDS = new Set(['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact']);

/**
 * Which Flux sources are folders of this repository. `--source NAME=DIR` maps a source by name
 * (any namespace) or `namespace/name`; by default the repository's own GitRepository is its
 * root: any GitRepository named flux-system and the ones `withOwnSources` finds.
 */
export class SourceMap {
  private readonly byKey = new Map<string, string>();
  /** ExternalArtifacts the cluster's ArtifactGenerators make, by `namespace/name`. */
  private readonly artifacts = new Map<string, GeneratedArtifact>();

  constructor(
    private readonly repo: string,
    mapped: Readonly<Record<string, string>> = {},
  ) {
    for (const [key, dir] of Object.entries(mapped)) this.byKey.set(key, dir);
  }

  /**
   * Adds the entry's own GitRepositories as the repository root (unless mapped explicitly): the
   * flux-system sync's, and one an entry Kustomization uses to sync the entry folder itself or a
   * folder holding it (a bootstrap that then manages itself, as cluster-template repos do).
   * `sync` gives the kind and folder of a FluxInstance's source.
   */
  withOwnSources(syncSource: string | undefined, entryDir: string, entryObjects: readonly RenderedObject[], sync: { kind?: string; root?: string } = {}): SourceMap {
    const copy = new SourceMap(this.repo, Object.fromEntries(this.byKey));
    const own: string[] = [];
    // A FluxInstance's source may be an OCIRepository whose artifact is a folder of the repository.
    if (syncSource && sync.kind && sync.kind !== 'GitRepository') {
      if (!copy.byKey.has(syncSource)) copy.byKey.set(`${sync.kind}:${syncSource}`, sync.root ?? this.repo);
    } else if (syncSource) {
      if (sync.root && !copy.byKey.has(syncSource)) copy.byKey.set(`GitRepository:${syncSource}`, sync.root);
      else own.push(syncSource);
    }
    for (const { object } of entryObjects) {
      if (!isFluxKustomization(object)) continue;
      const ref = object.spec?.sourceRef;
      if (ref?.kind !== 'GitRepository' || typeof object.spec?.path !== 'string') continue;
      const dir = resolveInside(this.repo, object.spec.path);
      if (dir !== 'outside' && dir !== 'missing' && isInside(dir, entryDir)) own.push(`${ref.namespace ?? object.metadata?.namespace ?? 'default'}/${ref.name}`);
    }
    for (const key of own) if (!copy.byKey.has(key) && !copy.byKey.has(`GitRepository:${key}`)) copy.byKey.set(`GitRepository:${key}`, this.repo);
    return copy;
  }

  /** Records an ExternalArtifact an ArtifactGenerator makes (a `--source` mapping still wins). */
  addArtifact(artifact: GeneratedArtifact): void {
    this.artifacts.set(`${artifact.namespace}/${artifact.name}`, artifact);
  }

  /** The ArtifactGenerator's artifact `ref` names, unless `--source` maps it to a folder. */
  artifact(ref: SourceRef, namespace: string): GeneratedArtifact | undefined {
    if (ref.kind !== 'ExternalArtifact' || !ref.name || this.root(ref, namespace)) return undefined;
    return this.artifacts.get(`${ref.namespace ?? namespace}/${ref.name}`);
  }

  /** The folder `ref` (of a Kustomization in `namespace`) builds from, or undefined when unknown. */
  root(ref: SourceRef, namespace: string): string | undefined {
    if (!ref.name || !ref.kind || !SOURCE_KINDS.has(ref.kind)) return undefined;
    const ns = ref.namespace ?? namespace;
    return (
      this.byKey.get(`${ns}/${ref.name}`) ??
      this.byKey.get(ref.name) ??
      this.byKey.get(`${ref.kind}:${ns}/${ref.name}`) ??
      (ref.kind === 'GitRepository' && ref.name === 'flux-system' ? this.repo : undefined)
    );
  }
}

/** `kind namespace/name` of a source, for messages and for reporting each unknown one once. */
export function sourceLabel(ref: SourceRef, namespace: string): string {
  return `${ref.kind ?? '?'} ${ref.namespace ?? namespace}/${ref.name ?? '?'}`;
}
