import { visitField, type FieldSpec } from './field-spec.js';
import { isClusterScoped, storePreviousId } from './resource-id.js';

/** Other places kustomize's namespace transformer sets (builtinpluginconsts/namespace.go). */
const NAMESPACE_FIELDS: readonly FieldSpec[] = [
  // A v1 Namespace object is renamed to the namespace itself.
  { path: 'metadata/name', kind: 'Namespace', version: 'v1', create: true },
  { path: 'spec/service/namespace', group: 'apiregistration.k8s.io', kind: 'APIService', create: true },
  { path: 'spec/conversion/webhook/clientConfig/service/namespace', group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
];

/**
 * `namespace:`: sets metadata.namespace on every kind not known to be cluster scoped, and (the
 * default "defaultOnly" mode) the namespace of RoleBinding/ClusterRoleBinding subjects named
 * "default". Other ServiceAccount subjects follow their ServiceAccount through name references.
 */
export function applyNamespace(object: Record<string, any>, namespace: string): void {
  storePreviousId(object);
  if (!isClusterScoped(object)) object.metadata = { ...object.metadata, namespace };
  for (const spec of NAMESPACE_FIELDS)
    visitField(object, spec, (parent, key) => {
      parent[key] = namespace;
    });
  if ((object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding') && Array.isArray(object.subjects)) {
    for (const subject of object.subjects) {
      if (subject && subject.name === 'default') subject.namespace = namespace;
    }
  }
}
