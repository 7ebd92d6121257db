import { type RenderedObject, type UntrustedObject, fieldAt } from '../objects/index.js';
import { listOf } from '../objects/kube-objects.js';

/** How a substituteFrom ConfigMap or Secret is known offline. */
export type SubstituteSource =
  | { readonly state: 'plain'; readonly entry: RenderedObject }
  /** It exists on the cluster, but its keys are unknown here: encrypted or made by a controller. */
  | { readonly state: 'opaque'; readonly entry: RenderedObject; readonly by: string }
  | { readonly state: 'missing' };

const isExternalSecret = (o: UntrustedObject) => o.kind === 'ExternalSecret' && String(o.apiVersion).startsWith('external-secrets.io/');
const isClusterExternalSecret = (o: UntrustedObject) => o.kind === 'ClusterExternalSecret' && String(o.apiVersion).startsWith('external-secrets.io/');
const isSealedSecret = (o: UntrustedObject) => o.kind === 'SealedSecret' && String(o.apiVersion).startsWith('bitnami.com/');

/**
 * Finds the object a `substituteFrom` entry reads among the objects the cluster applies: the
 * ConfigMap or Secret itself (opaque when SOPS-encrypted: it has a `sops:` block), else the
 * ExternalSecret (target name, defaulting to its own), ClusterExternalSecret (one ExternalSecret
 * in each namespace it selects) or SealedSecret that produces the Secret.
 */
export function findSubstituteSource(objects: readonly RenderedObject[], kind: string, namespace: string, name: string): SubstituteSource {
  const inNamespace = (o: UntrustedObject) => (o.metadata?.namespace ?? 'default') === namespace;
  const direct = objects.find(({ object: o }) => o.kind === kind && o.metadata?.name === name && inNamespace(o));
  if (direct?.opaqueBy) return { state: 'opaque', entry: direct, by: direct.opaqueBy };
  if (direct) return direct.encrypted || direct.object.sops ? { state: 'opaque', entry: direct, by: 'SOPS-encrypted' } : { state: 'plain', entry: direct };
  if (kind !== 'Secret') return { state: 'missing' };
  const external = objects.find(({ object: o }) => isExternalSecret(o) && inNamespace(o) && (fieldAt(o.spec, 'target', 'name') ?? o.metadata?.name) === name);
  if (external) return { state: 'opaque', entry: external, by: 'made by an ExternalSecret' };
  const clustered = objects.find(
    ({ object: o }) =>
      isClusterExternalSecret(o) && (fieldAt(o.spec, 'externalSecretSpec', 'target', 'name') ?? fieldAt(o.spec, 'externalSecretName') ?? o.metadata?.name) === name && selects(o, namespace, objects),
  );
  if (clustered) return { state: 'opaque', entry: clustered, by: 'made by a ClusterExternalSecret' };
  const sealed = objects.find(({ object: o }) => isSealedSecret(o) && inNamespace(o) && (fieldAt(o.spec, 'template', 'metadata', 'name') ?? o.metadata?.name) === name);
  return sealed ? { state: 'opaque', entry: sealed, by: 'made by a SealedSecret' } : { state: 'missing' };
}

/**
 * True when a ClusterExternalSecret may put its ExternalSecret into `namespace`: listed in
 * spec.namespaces, or matched by a namespace selector (an empty one matches every namespace;
 * matchLabels are compared with the Namespace object the cluster applies; matchExpressions,
 * not evaluated here, count as a match).
 */
function selects(o: UntrustedObject, namespace: string, objects: readonly RenderedObject[]): boolean {
  if (listOf(fieldAt(o.spec, 'namespaces')).includes(namespace)) return true;
  const selector = fieldAt(o.spec, 'namespaceSelector');
  const selectors: unknown[] = [...listOf(fieldAt(o.spec, 'namespaceSelectors')), ...(selector ? [selector] : [])];
  const labels: Record<string, unknown> = objects.find(({ object: n }) => n.kind === 'Namespace' && n.metadata?.name === namespace)?.object.metadata?.labels ?? {};
  return selectors.some((selector) => {
    const { matchLabels = {}, matchExpressions = [] } = (selector ?? {}) as { matchLabels?: Record<string, unknown>; matchExpressions?: unknown[] };
    if (Array.isArray(matchExpressions) && matchExpressions.length > 0) return true;
    return Object.entries(matchLabels).every(([key, value]) => labels[key] === value);
  });
}
