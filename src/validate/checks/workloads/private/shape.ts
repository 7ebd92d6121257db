import { isMap } from '../../../../private/is-map.js';

/** A rendered object or part of one: untrusted YAML, every field read with a type test first. */
export type Obj = Readonly<Record<string, unknown>>;

/** The map at `value`, or an empty one when it is absent or not a map. */
export const mapOf = (value: unknown): Obj => (isMap(value) ? value : {});

/** The maps of a list (non-maps read as empty maps, so indexes stay the source's). */
export const mapsOf = (value: unknown): readonly Obj[] => (Array.isArray(value) ? value.map(mapOf) : []);

/** The map found by following `keys`, or undefined when any step is absent or not a map. */
export function mapAt(value: unknown, ...keys: readonly string[]): Obj | undefined {
  let node: unknown = value;
  for (const key of keys) node = isMap(node) ? node[key] : undefined;
  return isMap(node) ? node : undefined;
}

/** A string-to-string map (labels, a Service selector); other values are dropped. */
export const labelsOf = (value: unknown): Readonly<Record<string, string>> => Object.fromEntries(Object.entries(mapOf(value)).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));

/** `k=v, k=v`: how a message shows labels. */
export const showLabels = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || '(none)';
