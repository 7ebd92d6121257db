import { type Document, isScalar, parseDocument, Scalar } from 'yaml';
import { InputError } from '../model/index.js';
import { findObject, isMap, parseForEdit, stringifyFile } from './private/yaml-document.js';

/** What to set in a ConfigMap's data. */
export interface ConfigMapDataEdit {
  /** ConfigMap name. */
  readonly name: string;
  /** ConfigMap namespace, used when the ConfigMap has to be added. */
  readonly namespace: string;
  /** Keys to set; values are written as double-quoted strings. */
  readonly set?: Readonly<Record<string, string>>;
  /** Keys to remove (other keys stay). */
  readonly remove?: readonly string[];
}

/**
 * Sets (or removes) keys in a ConfigMap's `data`, keeping comments, key order and every other
 * key and document. Returns the input unchanged, byte for byte, when nothing needs to change.
 * A file without the ConfigMap gets it appended as a new document.
 */
export function editConfigMapData(existing: string, file: string, edit: ConfigMapDataEdit): string {
  const parsed = parseForEdit(existing, file);
  let doc = findObject(parsed, 'ConfigMap', edit.name);
  let changed = false;
  if (!doc) {
    if (!edit.set || Object.keys(edit.set).length === 0) return existing;
    doc = parseDocument(`---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${edit.name}\n  namespace: ${edit.namespace}\ndata: {}\n`) as Document.Parsed;
    parsed.docs.push(doc);
    changed = true;
  }
  let data = doc.get('data', true);
  if (data === undefined || data === null || (isScalar(data) && data.value === null)) {
    if (!edit.set || Object.keys(edit.set).length === 0) return changed ? stringifyFile(parsed) : existing;
    doc.set('data', doc.createNode({}));
    data = doc.get('data', true);
    changed = true;
  }
  if (!isMap(data)) {
    throw new InputError(
      [{ code: 'existing-configmap-data-not-map', path: `${file}: ConfigMap ${edit.name} data`, message: 'is not a map', fix: 'make data a map of KEY: "value" entries' }],
      'Cannot edit an existing file',
    );
  }
  if (data.flow && data.items.length === 0) data.flow = false;
  for (const [key, value] of Object.entries(edit.set ?? {})) {
    const current = data.get(key, true);
    if (isScalar(current) && current.value === value && typeof current.value === 'string') continue;
    const scalar = new Scalar(value);
    scalar.type = Scalar.QUOTE_DOUBLE;
    if (isScalar(current)) {
      // Keep the node (and its comments); only its value and quoting change.
      current.value = value;
      current.type = Scalar.QUOTE_DOUBLE;
    } else {
      data.set(key, scalar);
    }
    changed = true;
  }
  for (const key of edit.remove ?? []) {
    if (data.has(key)) {
      data.delete(key);
      changed = true;
    }
  }
  return changed ? stringifyFile(parsed) : existing;
}
