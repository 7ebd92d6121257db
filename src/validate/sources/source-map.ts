import type { RenderedObject } from '../checks/index.js';

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
 * root: the one the entry's flux-system sync uses, any GitRepository named flux-system, and a
 * GitRepository the entry folder itself defines (cluster-template bootstraps apply it from there).
 */
export class SourceMap {
  private readonly byKey = new Map<string, string>();

  constructor(private readonly repo: string, mapped: Readonly<Record<string, string>> = {}) {
    for (const [key, dir] of Object.entries(mapped)) this.byKey.set(key, dir);
  }

  /** Adds the entry's own GitRepositories as the repository root (unless mapped explicitly). */
  withOwnSources(syncSource: string | undefined, entryObjects: readonly RenderedObject[]): SourceMap {
    const copy = new SourceMap(this.repo, Object.fromEntries(this.byKey));
    const own = entryObjects
      .filter(({ object }) => object.kind === 'GitRepository' && String(object.apiVersion).startsWith('source.toolkit.fluxcd.io/'))
      .map(({ object }) => `GitRepository:${object.metadata?.namespace ?? 'default'}/${object.metadata?.name}`);
    if (syncSource) own.push(`GitRepository:${syncSource}`);
    for (const key of own) if (!copy.byKey.has(key.split(':')[1]!)) copy.byKey.set(key, this.repo);
    return copy;
  }

  /** The folder `ref` (of a Kustomization in `namespace`) builds from, or undefined when unknown. */
  root(ref: SourceRef, namespace: string): string | undefined {
    if (!ref.name || !ref.kind || !SOURCE_KINDS.has(ref.kind)) return undefined;
    const ns = ref.namespace ?? namespace;
    return this.byKey.get(`${ns}/${ref.name}`) ?? this.byKey.get(ref.name) ?? this.byKey.get(`${ref.kind}:${ns}/${ref.name}`)
      ?? (ref.kind === 'GitRepository' && ref.name === 'flux-system' ? this.repo : undefined);
  }
}

/** `kind namespace/name` of a source, for messages and for reporting each unknown one once. */
export function sourceLabel(ref: SourceRef, namespace: string): string {
  return `${ref.kind ?? '?'} ${ref.namespace ?? namespace}/${ref.name ?? '?'}`;
}
