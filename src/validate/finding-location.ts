import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, LineCounter, type Node, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Finding } from './finding.js';

/** Reads a repository-relative file; undefined when it cannot. */
export type ReadRepoFile = (file: string) => string | undefined;

export const readFromRepo =
  (repo: string): ReadRepoFile =>
  (file) => {
    try {
      return readFileSync(join(repo, file), 'utf8');
    } catch {
      return undefined;
    }
  };

interface ParsedFile {
  readonly docs: readonly Document.Parsed[];
  readonly lines: LineCounter;
}

/**
 * Finds the 1-based line a finding points at, for CI annotations: the object's document in its
 * file (by kind and name), then the deepest part of `path` the file spells out. Objects come
 * from builds and substitution, so a path may lead to a key the file does not have (a missing
 * field, a default) or a name may be substituted: then the nearest line found is used.
 */
export class FindingLocator {
  private readonly files = new Map<string, ParsedFile | undefined>();

  constructor(private readonly read: ReadRepoFile) {}

  line(finding: Finding): number | undefined {
    if (!finding.file) return undefined;
    const parsed = this.parse(finding.file);
    if (!parsed) return undefined;
    const doc = documentOf(parsed.docs, finding.object);
    if (!doc?.contents) return undefined;
    return parsed.lines.linePos(offsetOf(doc.contents, finding.path)).line;
  }

  private parse(file: string): ParsedFile | undefined {
    if (!this.files.has(file)) {
      const text = this.read(file);
      const lines = new LineCounter();
      this.files.set(file, text === undefined ? undefined : { docs: parseAllDocuments(text, { lineCounter: lines }) as Document.Parsed[], lines });
    }
    return this.files.get(file);
  }
}

/** The document of `Kind/namespace/name` (namespace optional: kustomize may have set it); the only one if just one. */
function documentOf(docs: readonly Document.Parsed[], object: string | undefined): Document.Parsed | undefined {
  const parts = object?.split('/') ?? [];
  const [kind, name] = [parts[0], parts.at(-1)];
  const namespace = parts.length === 3 ? parts[1] : undefined;
  const candidates = docs.filter((doc) => doc.get('kind') === kind && doc.getIn(['metadata', 'name']) === name);
  const written = (doc: Document.Parsed) => doc.getIn(['metadata', 'namespace']);
  return candidates.find((doc) => written(doc) === namespace) ?? candidates.find((doc) => written(doc) === undefined) ?? candidates[0] ?? (docs.length === 1 ? docs[0] : undefined);
}

/** `spec.groups[0].rules[1].expr` -> ['spec', 'groups', 0, 'rules', 1, 'expr']. */
const pathSegments = (path: string | undefined): Array<string | number> =>
  (path ?? '')
    .split('.')
    .filter(Boolean)
    .flatMap((part) => {
      const [key, ...indexes] = part.split('[');
      return [...(key ? [key] : []), ...indexes.map((i) => Number.parseInt(i, 10))];
    });

/** Offset of the deepest node along `path`: a map entry's key, or a list item. */
function offsetOf(root: Node, path: string | undefined): number {
  let node: unknown = root;
  let offset = root.range?.[0] ?? 0;
  for (const segment of pathSegments(path)) {
    if (isMap(node) && typeof segment === 'string') {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (!pair || !isScalar(pair.key)) break;
      offset = pair.key.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      const item = node.items[segment] as Node;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
