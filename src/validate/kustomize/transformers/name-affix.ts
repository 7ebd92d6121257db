import { groupVersion, storePreviousId } from './resource-id.js';

/** Kinds kustomize's prefix and suffix transformers never rename. */
function keepsName(object: Record<string, any>): boolean {
  if (object.kind === 'CustomResourceDefinition' || object.kind === 'Namespace') return true;
  return object.kind === 'APIService' && groupVersion(object.apiVersion).group === 'apiregistration.k8s.io';
}

/**
 * `namePrefix` / `nameSuffix`: renames metadata.name. References to the renamed object are
 * updated afterwards by the name-reference pass, which reads the stored previous id.
 */
export function applyNameAffix(object: Record<string, any>, prefix: string, suffix: string): void {
  if ((!prefix && !suffix) || keepsName(object) || !object.metadata?.name) return;
  storePreviousId(object);
  object.metadata = { ...object.metadata, name: `${prefix}${object.metadata.name}${suffix}` };
}
