import { stringify } from 'yaml';

/** Which object: what diff reports per added, removed or changed object. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export const objectRef = (object: Record<string, any>): ObjectRef => ({
  kind: String(object.kind ?? '?'),
  namespace: String(object.metadata?.namespace ?? ''),
  name: String(object.metadata?.name ?? '?'),
});

/** `Kind ns/name` (or `Kind name` when cluster-scoped), as the reports print it. */
export const refLabel = (ref: ObjectRef): string => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/**
 * The object as YAML with every mapping's keys sorted, so that two renders of the same object
 * are byte-identical and a diff shows only real changes, never reordering.
 */
export function objectYaml(object: Record<string, any>): string {
  return stringify(object, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}
