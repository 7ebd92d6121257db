import type { RenderedObject } from '../objects/index.js';

/** How a substituteFrom ConfigMap or Secret is known offline. */
export type SubstituteSource =
  | { readonly state: 'plain'; readonly entry: RenderedObject }
  /** It exists on the cluster, but its keys are unknown here: encrypted or made by a controller. */
  | { readonly state: 'opaque'; readonly entry: RenderedObject; readonly by: string }
  | { readonly state: 'missing' };

const isExternalSecret = (o: Record<string, any>) => o.kind === 'ExternalSecret' && String(o.apiVersion).startsWith('external-secrets.io/');
const isSealedSecret = (o: Record<string, any>) => o.kind === 'SealedSecret' && String(o.apiVersion).startsWith('bitnami.com/');

/**
 * Finds the object a `substituteFrom` entry reads among the objects the cluster applies: the
 * ConfigMap or Secret itself (opaque when SOPS-encrypted: it has a `sops:` block), else the
 * ExternalSecret (target name, defaulting to its own) or SealedSecret that produces the Secret.
 */
export function findSubstituteSource(objects: readonly RenderedObject[], kind: string, namespace: string, name: string): SubstituteSource {
  const inNamespace = (o: Record<string, any>) => (o.metadata?.namespace ?? 'default') === namespace;
  const direct = objects.find(({ object: o }) => o.kind === kind && o.metadata?.name === name && inNamespace(o));
  if (direct?.opaqueBy) return { state: 'opaque', entry: direct, by: direct.opaqueBy };
  if (direct) return direct.encrypted || direct.object.sops ? { state: 'opaque', entry: direct, by: 'SOPS-encrypted' } : { state: 'plain', entry: direct };
  if (kind !== 'Secret') return { state: 'missing' };
  const external = objects.find(({ object: o }) => isExternalSecret(o) && inNamespace(o) && (o.spec?.target?.name ?? o.metadata?.name) === name);
  if (external) return { state: 'opaque', entry: external, by: 'made by an ExternalSecret' };
  const sealed = objects.find(({ object: o }) => isSealedSecret(o) && inNamespace(o) && (o.spec?.template?.metadata?.name ?? o.metadata?.name) === name);
  return sealed ? { state: 'opaque', entry: sealed, by: 'made by a SealedSecret' } : { state: 'missing' };
}
