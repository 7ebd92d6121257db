import { groupVersion } from './resource-id.js';

/*
 * The patch-merge keys of the Kubernetes built-in types (their OpenAPI x-kubernetes-patch-merge-key
 * with strategy "merge"), which kustomize's strategic merge reads from its bundled schema. A
 * list without one is replaced by the patch. Kinds kustomize has no schema for (CRDs such as
 * HelmRelease) get no merge keys at all: every list is replaced.
 */

const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'policy',
  'autoscaling',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'scheduling.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'flowcontrol.apiserver.k8s.io',
]);

/** List fields merged by a key wherever they appear in a built-in object. */
const KEYS_BY_FIELD: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  schedulingGates: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
};

/** Lists of scalars merged as sets. */
const SET_FIELDS = new Set(['finalizers']);

export type ListStrategy = { readonly mergeKey: string } | 'set' | 'replace';

/** Whether kustomize has a schema (and so merge keys) for this object's kind. */
function hasBuiltInSchema(object: Record<string, any>): boolean {
  return BUILT_IN_GROUPS.has(groupVersion(object.apiVersion).group) && object.kind !== undefined;
}

/** How the list at `path` (field names from the object's root) merges. */
export function listStrategy(object: Record<string, any>, path: readonly string[]): ListStrategy {
  if (!hasBuiltInSchema(object)) return 'replace';
  const field = path[path.length - 1]!;
  if (SET_FIELDS.has(field) && path[path.length - 2] === 'metadata') return 'set';
  if (field === 'ports') {
    // Service ports merge by port, container ports by containerPort; other `ports` lists are atomic.
    if (object.kind === 'Service' && path.join('/') === 'spec/ports') return { mergeKey: 'port' };
    return path[path.length - 2] === 'containers' || path[path.length - 2] === 'initContainers' ? { mergeKey: 'containerPort' } : 'replace';
  }
  const mergeKey = KEYS_BY_FIELD[field];
  return mergeKey ? { mergeKey } : 'replace';
}
