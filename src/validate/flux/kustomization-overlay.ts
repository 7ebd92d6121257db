import type { BuiltObject } from '../kustomize/index.js';

/** Kinds without a namespace, which targetNamespace leaves alone. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass',
  'PersistentVolume', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'IngressClass',
  'RuntimeClass', 'CSIDriver', 'ClusterIssuer', 'GatewayClass', 'ClusterSecretStore',
]);

/**
 * What kustomize-controller does to a build before applying it, from the Flux Kustomization's
 * spec. Placeholder until the full overlay lands (namePrefix, patches, images, components,
 * commonMetadata): this one applies only `targetNamespace`, to namespaced objects, on copies.
 */
export function applyFluxKustomizationSpec(objects: BuiltObject[], spec: Record<string, any>, readFile: (path: string) => string): BuiltObject[] {
  void readFile;
  const target = spec?.targetNamespace;
  if (typeof target !== 'string' || target === '') return objects;
  return objects.map((built) => {
    if (CLUSTER_SCOPED.has(built.object.kind)) return built;
    const object = structuredClone(built.object);
    object.metadata = { ...object.metadata, namespace: target };
    return { ...built, object };
  });
}
