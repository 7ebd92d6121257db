import { isScalar, isSeq, YAMLSeq } from 'yaml';
import { InputError } from '../model/index.js';
import { findObject, parseForEdit, stringifyFile } from './private/yaml-document.js';

/** `./a/b/`, `a/b` and `a/b/` name the same resource. */
export function normalizeResource(entry: string): string {
  return entry.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

/**
 * Makes sure a kustomize `kustomization.yaml` lists `entries` under `resources`, appending the
 * missing ones once; comments, order and every other key stay. Unchanged input is returned as is.
 */
export function ensureKustomizationResources(existing: string, file: string, entries: readonly string[]): string {
  const parsed = parseForEdit(existing, file);
  const doc = findObject(parsed, 'Kustomization') ?? parsed.docs[0];
  if (!doc) {
    throw new InputError(
      [{ code: 'existing-file-empty', path: file, message: 'is empty', fix: 'delete it so it can be created, or give it apiVersion, kind and resources' }],
      'Cannot edit an existing file',
    );
  }
  let resources = doc.get('resources', true);
  if (resources === undefined || (isScalar(resources) && resources.value === null)) {
    resources = new YAMLSeq();
    doc.set('resources', resources);
  }
  if (!isSeq(resources)) {
    throw new InputError([{ code: 'existing-resources-not-list', path: `${file}: resources`, message: 'is not a list', fix: 'make resources a list of paths' }], 'Cannot edit an existing file');
  }
  const present = new Set(resources.items.map((item) => (isScalar(item) && typeof item.value === 'string' ? normalizeResource(item.value) : '')));
  let changed = false;
  for (const entry of entries) {
    if (present.has(normalizeResource(entry))) continue;
    resources.add(doc.createNode(entry));
    present.add(normalizeResource(entry));
    changed = true;
  }
  return changed ? stringifyFile(parsed) : existing;
}

/** Removes `entries` from `resources` (used when a component is taken out). */
export function removeKustomizationResources(existing: string, file: string, entries: readonly string[]): string {
  const parsed = parseForEdit(existing, file);
  const doc = findObject(parsed, 'Kustomization') ?? parsed.docs[0];
  const resources = doc?.get('resources', true);
  if (!doc || !isSeq(resources)) return existing;
  const drop = new Set(entries.map(normalizeResource));
  const before = resources.items.length;
  resources.items = resources.items.filter((item) => !(isScalar(item) && typeof item.value === 'string' && drop.has(normalizeResource(item.value))));
  return resources.items.length === before ? existing : stringifyFile(parsed);
}
