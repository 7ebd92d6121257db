import { listStrategy } from './merge-keys.js';

type Json = Record<string, any>;

const isMap = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Patch keys that are directives to the merge, never data. */
const isDirective = (key: string): boolean => key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/');

function withoutDirectives(map: Json): Json {
  return Object.fromEntries(Object.entries(map).filter(([key]) => !isDirective(key)));
}

/** A list element that only says `$patch: replace`: the patch's list replaces the target's. */
const isReplaceMarker = (element: unknown): boolean => isMap(element) && element.$patch === 'replace' && Object.keys(element).length === 1;

/**
 * A strategic merge patch applied to a whole object, like kustomize (kyaml merge2): maps merge
 * recursively, `null` deletes a field, `$patch: delete` deletes the object (result undefined) or a
 * list element, `$patch: replace` replaces a map or list, lists merge by the built-in kinds' merge
 * keys and are otherwise replaced. `root` is the object whose kind decides the merge keys.
 */
export function strategicMerge(target: Json, patch: Json, root: Json = target): Json | undefined {
  if (patch.$patch === 'delete') return undefined;
  return mergeMap(target, patch, root, []);
}

function mergeMap(target: Json, patch: Json, root: Json, path: string[]): Json {
  if (patch.$patch === 'replace') return withoutDirectives(patch);
  const result: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (isDirective(key)) continue;
    const here = [...path, key];
    if (value === null || (isMap(value) && value.$patch === 'delete')) delete result[key];
    else if (isMap(value)) result[key] = mergeMap(isMap(result[key]) ? result[key] : {}, value, root, here);
    else if (Array.isArray(value)) result[key] = mergeList(Array.isArray(result[key]) ? result[key] : undefined, value, root, here);
    else result[key] = value;
  }
  return result;
}

function mergeList(target: any[] | undefined, patch: any[], root: Json, path: string[]): any[] {
  const elements = patch.filter((element) => !isReplaceMarker(element));
  const strategy = listStrategy(root, path);
  if (!target || strategy === 'replace' || patch.some(isReplaceMarker)) {
    return elements.filter((element) => !(isMap(element) && element.$patch === 'delete')).map((element) => (isMap(element) ? mergeMap({}, element, root, path) : element));
  }
  if (strategy === 'set') return [...target, ...elements.filter((element) => !target.includes(element))];
  // kustomize merges with "list prepend": the patch's elements first, in patch order, then the
  // target's elements the patch does not mention.
  const { mergeKey } = strategy;
  const keyOf = (element: unknown): unknown => (isMap(element) ? element[mergeKey] : undefined);
  const patched = elements.filter(isMap);
  const mentioned = new Set(patched.map(keyOf));
  const merged = patched
    .filter((element) => element.$patch !== 'delete')
    .map((element) => {
      const existing = target.find((candidate) => keyOf(candidate) === element[mergeKey]);
      return mergeMap(isMap(existing) ? existing : {}, element, root, path);
    });
  return [...merged, ...target.filter((element) => !mentioned.has(keyOf(element)))];
}
