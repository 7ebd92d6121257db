import { type Document, isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import { InputError } from '../../model/index.js';

/** A YAML file parsed for editing: every document, comments and layout kept. */
export interface ParsedFile {
  readonly source: string;
  readonly docs: Document.Parsed[];
}

/**
 * Parses an existing file for a comment-preserving edit. A file that does not parse stops the
 * run with the file, line and fix, before anything is written.
 */
export function parseForEdit(text: string, file: string): ParsedFile {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) {
    return { source: text, docs: [] };
  }
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new InputError(
        [
          {
            code: 'existing-yaml-invalid',
            path: file,
            message: `is not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}`,
            fix: 'repair the file by hand (or move it away), then run again',
          },
        ],
        'Cannot edit an existing file',
      );
    }
  }
  return { source: text, docs };
}

/** Writes the documents back; each document keeps its own `---` marker and comments. */
export function stringifyFile(file: ParsedFile): string {
  const indentSeq = usesIndentedSequences(file);
  return file.docs.map((doc) => doc.toString({ lineWidth: 0, indentSeq })).join('');
}

/**
 * Keeps the file's own list style (`- x` flush with its key, or indented below it): the yaml
 * package prints one style per document, so take the one the first block list in the file uses.
 */
function usesIndentedSequences(file: ParsedFile): boolean {
  for (const doc of file.docs) {
    let found: boolean | undefined;
    visit(doc, {
      Pair(_key, pair) {
        if (found !== undefined || !isSeq(pair.value) || pair.value.flow || !pair.value.range || !isScalar(pair.key) || !pair.key.range) return undefined;
        found = column(file.source, pair.value.range[0]) > column(file.source, pair.key.range[0]);
        return visit.BREAK;
      },
    });
    if (found !== undefined) return found;
  }
  return true;
}

function column(source: string, offset: number): number {
  return offset - (source.lastIndexOf('\n', offset - 1) + 1);
}

/** The first document whose `kind` and `metadata.name` match. */
export function findObject(file: ParsedFile, kind: string, name?: string): Document.Parsed | undefined {
  return file.docs.find((doc) => {
    if (!isMap(doc.contents)) return false;
    if (doc.get('kind') !== kind) return false;
    return name === undefined || doc.getIn(['metadata', 'name']) === name;
  });
}

export { isMap };
