import { join } from 'node:path';
import type { RenderedObject } from '../objects/index.js';
import { resolveInside } from '../flux/confined-tree.js';
import type { SourceMap } from './source-map.js';

/** An ExternalArtifact an ArtifactGenerator makes, with the folder of this repository it mirrors, when one. */
export interface GeneratedArtifact {
  readonly namespace: string;
  readonly name: string;
  readonly root?: string;
  /** A stand-in for the ExternalArtifact object, so references to it resolve in the checks. */
  readonly standIn: RenderedObject;
}

const isArtifactGenerator = (o: Record<string, any>) => o.kind === 'ArtifactGenerator' && String(o.apiVersion).startsWith('source.extensions.fluxcd.io/');

/**
 * The folder (relative to its source) one copy rule mirrors: `@src/apps/base/**` to
 * `@artifact/base/` mirrors `apps/` of `src`. Undefined for a rule that renames or picks files.
 */
function mirroredFolder(copy: { from?: unknown; to?: unknown }): { alias: string; folder: string } | undefined {
  const from = /^@([^/]+)\/(.*?)\/?\*\*$/.exec(String(copy.from ?? ''));
  const to = /^@artifact\/(.*?)\/?$/.exec(String(copy.to ?? ''));
  if (!from || !to) return undefined;
  const [, alias, path] = from as unknown as [string, string, string];
  const dest = to[1]!;
  if (dest !== '' && path !== dest && !path.endsWith(`/${dest}`)) return undefined;
  return { alias, folder: path.slice(0, path.length - dest.length).replace(/\/$/, '') || '.' };
}

/**
 * What the ArtifactGenerators among `objects` produce (Flux 2.7 source-watcher). An artifact is a
 * folder of this repository when every copy rule mirrors the same folder of a known source.
 */
export function generatedArtifacts(objects: readonly RenderedObject[], sources: SourceMap): GeneratedArtifact[] {
  const out: GeneratedArtifact[] = [];
  for (const { object, file } of objects) {
    if (!isArtifactGenerator(object)) continue;
    const namespace = object.metadata?.namespace ?? 'default';
    const aliases = new Map<string, Record<string, any>>((object.spec?.sources ?? []).map((s: Record<string, any>) => [s.alias, s]));
    for (const artifact of object.spec?.artifacts ?? []) {
      if (typeof artifact?.name !== 'string') continue;
      const folders = (artifact.copy ?? []).map(mirroredFolder);
      const first = folders[0];
      const same = first && folders.every((f: ReturnType<typeof mirroredFolder>) => f?.alias === first.alias && f?.folder === first.folder);
      const sourceRoot = same ? sources.root(aliases.get(first.alias) ?? {}, namespace) : undefined;
      const real = sourceRoot ? resolveInside(sourceRoot, join('.', first!.folder)) : 'missing';
      const standIn = { object: { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', metadata: { name: artifact.name, namespace } }, ...(file ? { file } : {}) };
      out.push({ namespace, name: artifact.name, ...(real !== 'missing' && real !== 'outside' ? { root: real } : {}), standIn });
    }
  }
  return out;
}
