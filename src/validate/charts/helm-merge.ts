import { isMap } from '../../private/is-map.js';

/** Helm's merge: maps merge key by key, lists and scalars replace. */
export function helmMerge(defaults: unknown, values: unknown): unknown {
  if (isMap(defaults) && isMap(values)) {
    const out: Record<string, unknown> = { ...defaults };
    for (const [key, value] of Object.entries(values)) out[key] = key in defaults ? helmMerge(defaults[key], value) : value;
    return out;
  }
  return values === undefined ? defaults : values;
}
