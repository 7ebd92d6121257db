import { isMap } from '../../private/is-map.js';

/**
 * The value at `path` under `value`, or undefined as soon as a step is not a map: how checks read
 * nested fields of an untrusted object (`fieldAt(o.spec, 'ref', 'tag')` for `o.spec?.ref?.tag`).
 */
export function fieldAt(value: unknown, ...path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (!isMap(at)) return undefined;
    at = at[key];
  }
  return at;
}
