import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { isMap } from '../../private/is-map.js';

/** Which object: what diff reports per added, removed or changed object. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** A rendered object as diff reads it: untrusted YAML, so its identity fields are turned into text. */
type AnyObject = Readonly<Record<string, unknown>>;

export const objectRef = (object: AnyObject): ObjectRef => {
  const metadata = isMap(object.metadata) ? object.metadata : {};
  return { kind: String(object.kind ?? '?'), namespace: String(metadata.namespace ?? ''), name: String(metadata.name ?? '?') };
};

/** `Kind ns/name` (or `Kind name` when cluster-scoped), as the reports print it. */
export const refLabel = (ref: ObjectRef): string => printable(`${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`);

/** Control characters (a newline in a name) written as escapes, so a name stays on its line. */
export const printable = (text: string): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what is escaped
  text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

/**
 * The object as YAML with every mapping's keys sorted, so that two renders of the same object
 * are byte-identical and a diff shows only real changes, never reordering.
 */
export function objectYaml(object: AnyObject): string {
  return stringify(object, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}

/** `<redacted sha256:1a2b3c4d>`: a change to a value shows, the value does not. */
const redacted = (value: unknown): string => `<redacted sha256:${createHash('sha256').update(String(value)).digest('hex').slice(0, 8)}>`;

/**
 * The object with every Secret `data` and `stringData` value replaced by a short digest of it
 * (`data` digests the base64 text as written), so no format ever prints a Secret's content.
 */
export function redactSecrets(object: AnyObject): AnyObject {
  if (object.kind !== 'Secret') return object;
  const copy: Record<string, unknown> = { ...object };
  for (const field of ['data', 'stringData']) {
    const values = object[field];
    if (values === undefined || values === null) continue;
    copy[field] = isMap(values) ? Object.fromEntries(Object.entries(values).map(([key, value]) => [key, redacted(value)])) : redacted(JSON.stringify(values));
  }
  return copy;
}

/** Multi-line text with its line breaks kept and every other control character (CR, ESC...) escaped: no terminal or parser sees a line end or a sequence a value hides. */
export const controlFree = (text: string): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what is escaped
  text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, (c) => (c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
