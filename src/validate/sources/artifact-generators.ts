import type { ArtifactCopy } from '../../engine/index.js';
import { type RenderedObject, type UntrustedObject, fieldAt, objectId } from '../objects/index.js';
import { listOf } from '../objects/kube-objects.js';
import { isMap } from '../../private/is-map.js';
import { type SourceMap, type SourceRef, sourceLabel } from './source-map.js';

/** How the engine composes one ExternalArtifact from folders of this repository. */
export interface ArtifactBuild {
  /** `ArtifactGenerator/namespace/name`, for findings about its copy rules. */
  readonly generator: string;
  /** The file the ArtifactGenerator was rendered from. */
  readonly file?: string;
  /** Each alias its copy rules use, with the source it names and that source's folder. */
  readonly sources: readonly { readonly alias: string; readonly ref: SourceRef; readonly root: string }[];
  readonly copy: readonly ArtifactCopy[];
}

/** An ExternalArtifact an ArtifactGenerator makes: how to build it, or why it cannot be. */
export interface GeneratedArtifact {
  readonly namespace: string;
  readonly name: string;
  readonly build?: ArtifactBuild;
  /** Why the artifact is not followed, for the source-not-followed note. */
  readonly unfollowed?: string;
  /** A stand-in for the ExternalArtifact object, so references to it resolve in the checks. */
  readonly standIn: RenderedObject;
}

const isArtifactGenerator = (o: UntrustedObject) => o.kind === 'ArtifactGenerator' && String(o.apiVersion).startsWith('source.extensions.fluxcd.io/');

/** The alias a copy rule's `from` names (`@alias/path`). */
const aliasOf = (from: unknown) => /^@([^/]+)\//.exec(String(from ?? ''))?.[1];

/**
 * What the ArtifactGenerators among `objects` produce (Flux 2.7 source-watcher). An artifact is
 * built when every source its copy rules draw from is a folder of this repository; the engine
 * then copies as the controller does (engine/internal/artifact).
 */
export function generatedArtifacts(objects: readonly RenderedObject[], sources: SourceMap): GeneratedArtifact[] {
  const out: GeneratedArtifact[] = [];
  for (const { object, file } of objects) {
    if (!isArtifactGenerator(object)) continue;
    const namespace = object.metadata?.namespace ?? 'default';
    const generator = objectId(object);
    // Alias and ref fields as written: they are only compared and printed, as Flux's own lookup does.
    const aliases = new Map(
      listOf<Readonly<Record<string, unknown>>>(fieldAt(object.spec, 'sources')).map((s) => [s?.alias as string, { kind: s?.kind, name: s?.name, namespace: s?.namespace ?? namespace } as SourceRef]),
    );
    for (const artifact of listOf(fieldAt(object.spec, 'artifacts'))) {
      if (!isMap(artifact) || typeof artifact.name !== 'string') continue;
      const standIn = { object: { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'ExternalArtifact', metadata: { name: artifact.name, namespace } }, ...(file ? { file } : {}) };
      const made = { namespace, name: artifact.name, standIn };
      if (fieldAt(object.spec, 'pathPattern')) {
        out.push({ ...made, unfollowed: `${generator} names its artifacts by spec.pathPattern, which this check does not expand` });
        continue;
      }
      const copy: ArtifactCopy[] = listOf(artifact.copy).map((c) => {
        const exclude = fieldAt(c, 'exclude');
        const strategy = fieldAt(c, 'strategy');
        return {
          from: String(fieldAt(c, 'from') ?? ''),
          to: String(fieldAt(c, 'to') ?? ''),
          ...(Array.isArray(exclude) ? { exclude: exclude.map(String) } : {}),
          ...(typeof strategy === 'string' ? { strategy } : {}),
        };
      });
      if (copy.some((c) => c.strategy === 'Extract')) {
        out.push({ ...made, unfollowed: `${generator} unpacks tarballs into it (strategy Extract), which this check does not follow` });
        continue;
      }
      const used = [...new Set(copy.map((c) => aliasOf(c.from)).filter((a): a is string => a !== undefined && aliases.has(a)))];
      const found = used.map((alias) => ({ alias, ref: aliases.get(alias)!, root: sources.root(aliases.get(alias)!, namespace) }));
      const missing = found.find((s) => s.root === undefined);
      if (missing) {
        out.push({ ...made, unfollowed: `${generator} copies it from ${sourceLabel(missing.ref, namespace)}, which is not a folder of this repository` });
        continue;
      }
      const build = { generator, ...(file ? { file } : {}), sources: found.map((s) => ({ ...s, root: s.root! })), copy };
      out.push({ ...made, build });
    }
  }
  return out;
}
