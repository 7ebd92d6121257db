import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Document, parseAllDocuments } from 'yaml';
import type { RenderedObject } from '../objects/index.js';
import { type FileProblem, isInside, repoPath, scanTree } from '../flux/confined-tree.js';

/** The `namespace:` of the kustomization.yaml in `dir`, which a bootstrap `kustomize build` gives objects without one. */
function kustomizationNamespace(dir: string): string | undefined {
  for (const name of ['kustomization.yaml', 'kustomization.yml']) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    try {
      const ns = parseAllDocuments(readFileSync(file, 'utf8'))[0]?.toJS()?.namespace;
      return typeof ns === 'string' ? ns : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A document's value; undefined for one yaml refuses to expand (an alias bomb: not a bootstrap's object). */
function jsOf(doc: Document.Parsed): { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null | undefined {
  try {
    return doc.toJS() as ReturnType<typeof jsOf>;
  } catch {
    return undefined;
  }
}

/**
 * A ConfigMap or Secret the repository defines in a file that no Flux Kustomization of the
 * cluster applies (a bootstrap folder applied by a script, often with its values injected by a
 * secret manager): it exists on the cluster, its keys are unknown here. As a stand-in marked
 * opaque, or undefined when no file defines it. Files in any cluster's entry folder (`fluxTrees`)
 * are Flux's, not a bootstrap's: another cluster's settings never stand in for this one's. The namespace is the object's own, else that of
 * the kustomization.yaml beside it; neither is a match for any namespace.
 */
export function definedOutsideFlux(repo: string, kind: string, namespace: string, name: string, fluxTrees: readonly string[]): RenderedObject | undefined {
  let found: RenderedObject | undefined;
  const problems: FileProblem[] = [];
  scanTree(
    repo,
    repo,
    (path) => {
      if (found || !isInside(repo, path) || /(^|\/)kustomization\.ya?ml$/.test(path) || fluxTrees.some((tree) => isInside(tree, path))) return;
      const text = readFileSync(path, 'utf8');
      if (!text.includes(name)) return;
      for (const doc of parseAllDocuments(text)) {
        const o = doc.errors.length === 0 ? jsOf(doc) : undefined;
        if (o?.kind !== kind || o.apiVersion !== 'v1' || o.metadata?.name !== name) continue;
        const ns = o.metadata?.namespace ?? kustomizationNamespace(dirname(path));
        if (ns !== undefined && ns !== namespace) continue;
        const file = repoPath(repo, path);
        found = { object: { apiVersion: 'v1', kind, metadata: { name, namespace } }, file, opaqueBy: `defined outside what Flux applies (${file}: a bootstrap applies it)` };
        return;
      }
    },
    problems,
  );
  return found;
}
