import { isMap, parseAllDocuments } from 'yaml';

/** kind/namespace/name of one object in a YAML file. */
export interface ObjectRef {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/**
 * Lists the objects in a YAML text, leniently: documents that do not parse or carry no
 * kind/name are skipped (this only answers "is X already defined here?").
 */
export function listObjects(text: string): ObjectRef[] {
  const refs: ObjectRef[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
    const kind = doc.get('kind');
    const name = doc.getIn(['metadata', 'name']);
    if (typeof kind !== 'string' || typeof name !== 'string') continue;
    const apiVersion = doc.get('apiVersion');
    const namespace = doc.getIn(['metadata', 'namespace']);
    refs.push({
      kind,
      name,
      ...(typeof apiVersion === 'string' ? { apiVersion } : {}),
      ...(typeof namespace === 'string' ? { namespace } : {}),
    });
  }
  return refs;
}
