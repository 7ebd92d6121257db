import { posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { TreeReader } from '../kit/index.js';
import { isMap } from '../private/is-map.js';
import type { KubeObject } from '../validate/objects/kube-object.js';
import { isFluxKustomization } from '../validate/objects/kube-objects.js';

/** One object of a YAML file in the repository. */
export interface RepoObject {
  readonly file: string;
  /** Untrusted YAML: only its identity is typed; a reader narrows the rest (validate's type guards). */
  readonly object: KubeObject;
}

const SKIPPED = new Set(['.git', 'node_modules', '.github']);
const MAX_DEPTH = 10;

/**
 * The largest file parsed for objects: what the generator looks for (a Flux Kustomization, a
 * HelmRelease, a settings ConfigMap) is a few kilobytes; parsing a 7 MB file takes seconds.
 */
export const MAX_PARSED_CHARS = 1024 * 1024;

/** Files {@link repoObjects} did not take objects from. */
export interface SkippedFiles {
  /** Files with a YAML error. */
  readonly broken: string[];
  /** Files over {@link MAX_PARSED_CHARS}. */
  readonly large: string[];
}

/** Where a Flux tree starts by convention: `kubernetes/` (the story, home-ops), `clusters/` (flux2 examples), `flux/`. */
const ENTRY_FOLDERS = ['kubernetes', 'clusters', 'flux'];

/**
 * Every parseable object of the repository's Flux tree: the conventional entry folders and every
 * top-level folder their Flux Kustomizations apply (`spec.path`), nothing else. An unrelated file
 * elsewhere (a link in `docs/` to outside, a large YAML there) is never read, so never stops a
 * run. Files with a YAML error are validate's business; they go to `skipped.broken`, and files
 * too large to be what the generator looks for (CRD bundles) to `skipped.large`, unparsed.
 */
export function repoObjects(reader: TreeReader, skipped: SkippedFiles = { broken: [], large: [] }): RepoObject[] {
  const top = new Set(
    reader
      .list('')
      .filter((entry) => entry.isDirectory && !entry.name.startsWith('.') && !SKIPPED.has(entry.name))
      .map((entry) => entry.name),
  );
  const pending = ENTRY_FOLDERS.filter((dir) => top.has(dir));
  const read = new Set<string>();
  const found: RepoObject[] = [];
  while (pending.length > 0) {
    const dir = pending.shift()!;
    if (read.has(dir)) continue;
    read.add(dir);
    const objects = objectsBelow(reader, dir, 1, skipped);
    found.push(...objects);
    for (const { object } of objects) {
      if (!isFluxKustomization(object)) continue;
      const first = posix
        .normalize(String(object.spec?.path ?? ''))
        .replace(/^\.\/|^\//, '')
        .split('/')[0];
      if (first && top.has(first) && !read.has(first)) pending.push(first);
    }
  }
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The objects of the YAML files below `dir`. */
function objectsBelow(reader: TreeReader, dir: string, depth: number, skipped: SkippedFiles): RepoObject[] {
  const found: RepoObject[] = [];
  for (const entry of reader.list(dir)) {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory) {
      if (!SKIPPED.has(entry.name) && depth < MAX_DEPTH) found.push(...objectsBelow(reader, path, depth + 1, skipped));
      continue;
    }
    if (!/\.ya?ml$/.test(entry.name)) continue;
    const text = reader.read(path);
    if (text === undefined) continue;
    if (text.length > MAX_PARSED_CHARS) {
      skipped.large.push(path);
      continue;
    }
    const objects = parsedObjects(path, text);
    if (objects === undefined) skipped.broken.push(path);
    found.push(...(objects ?? []));
  }
  return found;
}

/** The objects of one file; undefined for one with a YAML error (or nested past the parser's stack). */
function parsedObjects(file: string, text: string): RepoObject[] | undefined {
  try {
    const docs = parseAllDocuments(text);
    if (docs.some((doc) => doc.errors.length > 0)) return undefined;
    return docs
      .map((doc) => doc.toJS() as unknown)
      .filter(isMap)
      .map((object) => ({ file, object: object as KubeObject }));
  } catch {
    return undefined;
  }
}

/** The first object of `kind` called `name` (any namespace when none is given). */
export function findRepoObject(objects: readonly RepoObject[], kind: string, name: string, namespace?: string): RepoObject | undefined {
  return objects.find(({ object }) => object.kind === kind && object.metadata?.name === name && (namespace === undefined || (object.metadata?.namespace ?? namespace) === namespace));
}
