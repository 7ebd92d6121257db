import { createHash } from 'node:crypto';
import { isMap } from '../../private/is-map.js';

/**
 * kustomize's name suffix for a generated ConfigMap or Secret (api/hasher): sha256 of a Go
 * `json.Marshal` of the identifying fields, first 10 hex digits with 0,1,3,a,e swapped for
 * letters so the suffix never looks like a number or a word.
 */
export function nameSuffixHash(object: Record<string, any>): string {
  // kustomize looks the name up as the single field "metadata/name", which never exists, so
  // every hash is taken over an empty name: same data, same suffix, whatever the name.
  const fields: Record<string, unknown> =
    object.kind === 'Secret' ? { kind: 'Secret', type: scalarOrEmpty(object.type), name: '', data: object.data ?? '' } : { kind: 'ConfigMap', name: '', data: object.data ?? '' };
  const optional = object.kind === 'Secret' ? 'stringData' : 'binaryData';
  if (isMap(object[optional])) fields[optional] = object[optional];
  const hex = createHash('sha256').update(goJson(fields), 'utf8').digest('hex');
  return hex.slice(0, 10).replace(/[013ae]/g, (c) => ({ 0: 'g', 1: 'h', 3: 'k', a: 'm', e: 't' })[c]!);
}

function scalarOrEmpty(value: unknown): unknown {
  return value === undefined || value === null ? '' : value;
}

/** JSON as Go's encoding/json writes it: map keys sorted, HTML characters and U+2028/9 escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isMap(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}
