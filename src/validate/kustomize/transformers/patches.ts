import { parseAllDocuments } from 'yaml';
import { applyJsonPatch, type JsonPatchOperation } from './json-patch.js';
import { matchesTarget, type PatchTarget } from './patch-target.js';
import { carryHistory, cloneResource, currentId, previousIds, sameId } from './resource-id.js';
import { strategicMerge } from './strategic-merge.js';

/** One entry of `patches:` (kustomization or Flux Kustomization). */
export interface PatchEntry {
  readonly patch?: string;
  readonly path?: string;
  readonly target?: PatchTarget;
  readonly options?: { readonly allowNameChange?: boolean; readonly allowKindChange?: boolean };
}

/** Reads a file named relative to the kustomization. */
export type LoadFile = (path: string) => string;

type Parsed = { json: JsonPatchOperation[] } | { smp: Record<string, any>[] };

/** A patch is JSON 6902 when its text is a list of operations, otherwise strategic-merge documents. */
function parsePatch(text: string, source: string): Parsed {
  const docs = parseAllDocuments(text);
  const failed = docs.find((doc) => doc.errors.length > 0);
  if (failed) throw new Error(`patch ${source} is not valid YAML: ${failed.errors[0]!.message.split('\n')[0]}`);
  const values = docs.map((doc) => doc.toJS()).filter((value) => value !== null && value !== undefined);
  if (values.length === 1 && Array.isArray(values[0])) return { json: values[0] as JsonPatchOperation[] };
  if (values.length === 0 || values.some((value) => typeof value !== 'object' || Array.isArray(value))) {
    throw new Error(`unable to parse SM or JSON patch from ${source}`);
  }
  return { smp: values as Record<string, any>[] };
}

/** Applies a strategic merge patch, keeping the kind, name and namespace unless the options allow a change. */
function mergeInto(object: Record<string, any>, patch: Record<string, any>, options: PatchEntry['options']): Record<string, any> | undefined {
  const merged = strategicMerge(object, patch);
  if (!merged) return undefined;
  if (!options?.allowKindChange) merged.kind = object.kind;
  const metadata = { ...merged.metadata };
  if (!options?.allowNameChange) metadata.name = object.metadata?.name;
  if (object.metadata?.namespace === undefined) delete metadata.namespace;
  else metadata.namespace = object.metadata.namespace;
  merged.metadata = metadata;
  carryHistory(object, merged);
  return merged;
}

/** The single object a target-less strategic merge patch names (by current or any previous id). */
function patchedIndex(objects: readonly Record<string, any>[], patch: Record<string, any>, source: string): number {
  const id = currentId(patch);
  const found = objects.flatMap((object, index) => ([...previousIds(object), currentId(object)].some((candidate) => sameId(candidate, id)) ? [index] : []));
  const label = `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
  if (found.length !== 1) throw new Error(`${found.length ? 'multiple' : 'no'} resources match strategic merge patch ${label} from ${source}`);
  return found[0]!;
}

function applyParsed(objects: Record<string, any>[], parsed: Parsed, entry: PatchEntry, source: string): Record<string, any>[] {
  const target = entry.target;
  if ('json' in parsed) {
    if (!target) throw new Error(`must specify a target for JSON patch ${source}`);
    return objects.map((object) => {
      if (!matchesTarget(object, target)) return object;
      const copy = cloneResource(object);
      applyJsonPatch(copy, parsed.json);
      return copy;
    });
  }
  if (target) {
    if (parsed.smp.length > 1) throw new Error(`multiple strategic merge patches in one patches entry with a target: ${source}`);
    return objects.flatMap((object) => {
      if (!matchesTarget(object, target)) return [object];
      return mergeInto(object, parsed.smp[0]!, entry.options) ?? [];
    });
  }
  return parsed.smp.reduce<Record<string, any>[]>((current, patch) => {
    const at = patchedIndex(current, patch, source);
    const merged = mergeInto(current[at]!, patch, entry.options);
    return current.flatMap((object, index) => (index !== at ? [object] : merged ? [merged] : []));
  }, objects);
}

/** `patches:` entries in order. */
export function applyPatches(objects: Record<string, any>[], entries: readonly PatchEntry[], load: LoadFile): Record<string, any>[] {
  return entries.reduce((current, entry) => {
    if (!entry.patch === !entry.path) throw new Error('a patches entry needs exactly one of patch and path');
    const source = entry.path ? `[path: ${JSON.stringify(entry.path)}]` : `[patch: ${JSON.stringify(entry.patch)}]`;
    const text = entry.patch ?? load(entry.path!);
    return applyParsed(current, parsePatch(text, source), entry, source);
  }, objects);
}

/** Deprecated `patchesStrategicMerge:`: file paths or inline patches, no targets. */
export function applyPatchesStrategicMerge(objects: Record<string, any>[], entries: readonly string[], load: LoadFile): Record<string, any>[] {
  return applyPatches(
    objects,
    entries.map((entry) => (entry.includes('\n') ? { patch: entry } : { path: entry })),
    load,
  );
}

/** Deprecated `patchesJson6902:`: a target plus operations from a file or inline. */
export function applyPatchesJson6902(objects: Record<string, any>[], entries: readonly { target: PatchTarget; path?: string; patch?: string }[], load: LoadFile): Record<string, any>[] {
  return entries.reduce((current, entry) => {
    const source = entry.path ? `[path: ${JSON.stringify(entry.path)}]` : '[inline JSON 6902 patch]';
    const parsed = parsePatch(entry.patch ?? load(entry.path!), source);
    if (!('json' in parsed)) throw new Error(`patchesJson6902 ${source} is not a list of operations`);
    return applyParsed(current, parsed, entry, source);
  }, objects);
}
