/** A resource's identity as kustomize sees it: group/version/kind plus namespace and name. */
export interface ResourceId {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/**
 * Kinds kustomize's built-in OpenAPI data knows to be cluster scoped. Kinds it does not know
 * (every CRD, even ClusterIssuer) count as namespaced, so `namespace:` sets them too.
 */
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CSIDriver',
  'CSINode',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CustomResourceDefinition',
  'DeviceClass',
  'FlowSchema',
  'IngressClass',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectReview',
  'SelfSubjectRulesReview',
  'StorageClass',
  'StorageVersion',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

export function isClusterScoped(object: Record<string, any>): boolean {
  return CLUSTER_SCOPED.has(object.kind);
}

export function groupVersion(apiVersion: unknown): { group: string; version: string } {
  const text = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = text.indexOf('/');
  return slash < 0 ? { group: '', version: text } : { group: text.slice(0, slash), version: text.slice(slash + 1) };
}

export function currentId(object: Record<string, any>): ResourceId {
  return {
    ...groupVersion(object.apiVersion),
    kind: String(object.kind ?? ''),
    name: String(object.metadata?.name ?? ''),
    namespace: String(object.metadata?.namespace ?? ''),
  };
}

/** kustomize compares namespaces effectively: none and "default" are the same, cluster-scoped has none. */
export function effectiveNamespace(id: ResourceId): string {
  if (CLUSTER_SCOPED.has(id.kind)) return '~X';
  return id.namespace || 'default';
}

export function sameId(a: ResourceId, b: ResourceId): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind && a.name === b.name && effectiveNamespace(a) === effectiveNamespace(b);
}

/**
 * Earlier ids of each object, oldest (the id it was loaded with) first, like kustomize's
 * previous-id annotations; kept beside the object so the emitted YAML stays clean.
 */
const history = new WeakMap<object, ResourceId[]>();

export function previousIds(object: Record<string, any>): readonly ResourceId[] {
  return history.get(object) ?? [];
}

/** The id the object was first loaded with. */
export function originalId(object: Record<string, any>): ResourceId {
  return previousIds(object)[0] ?? currentId(object);
}

/** Records the object's current id as a previous one, before a rename or namespace change. */
export function storePreviousId(object: Record<string, any>): void {
  history.set(object, [...previousIds(object), currentId(object)]);
}

/** The file each object was read from, so callers can keep it across copies. */
const sources = new WeakMap<object, string>();

export function setSourceFile(object: Record<string, any>, file: string | undefined): void {
  if (file) sources.set(object, file);
}

export function sourceFile(object: Record<string, any>): string | undefined {
  return sources.get(object);
}

/** Moves the id history and source file of `from` onto `to` (a copy or patched replacement). */
export function carryHistory(from: Record<string, any>, to: Record<string, any>): void {
  const ids = history.get(from);
  if (ids) history.set(to, [...ids]);
  setSourceFile(to, sources.get(from));
}

/** A deep copy that keeps the id history and source file. */
export function cloneResource(object: Record<string, any>): Record<string, any> {
  const copy = structuredClone(object);
  carryHistory(object, copy);
  return copy;
}
