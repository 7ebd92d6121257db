import { posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { TreeReader } from '../render/coredns-plan.js';
import { isMap } from '../private/is-map.js';

/** One object of a YAML file in the repository. */
export interface RepoObject {
  readonly file: string;
  readonly object: Record<string, any>;
}

const SKIPPED = new Set(['.git', 'node_modules', '.github']);
const MAX_DEPTH = 10;

/** Every parseable object in the repository's YAML files (unparseable files are validate's business). */
export function repoObjects(reader: TreeReader, dir = '', depth = 0): RepoObject[] {
  const found: RepoObject[] = [];
  for (const entry of reader.list(dir)) {
    const path = dir ? posix.join(dir, entry.name) : entry.name;
    if (entry.isDirectory) {
      if (!SKIPPED.has(entry.name) && depth < MAX_DEPTH) found.push(...repoObjects(reader, path, depth + 1));
      continue;
    }
    if (!/\.ya?ml$/.test(entry.name)) continue;
    const text = reader.read(path);
    if (text === undefined) continue;
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) continue;
      const object = doc.toJS() as unknown;
      if (isMap(object)) found.push({ file: path, object });
    }
  }
  return found;
}

/** The first object of `kind` called `name` (any namespace when none is given). */
export function findRepoObject(objects: readonly RepoObject[], kind: string, name: string, namespace?: string): RepoObject | undefined {
  return objects.find(({ object }) => object.kind === kind && object.metadata?.name === name && (namespace === undefined || (object.metadata?.namespace ?? namespace) === namespace));
}
