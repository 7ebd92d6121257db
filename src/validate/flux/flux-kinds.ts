/** A Flux Kustomization (kustomize.toolkit.fluxcd.io), not a kustomize.config.k8s.io one. */
export const isFluxKustomization = (o: unknown): o is Record<string, any> =>
  typeof o === 'object' && o !== null && (o as Record<string, any>).kind === 'Kustomization' && String((o as Record<string, any>).apiVersion).startsWith('kustomize.toolkit.fluxcd.io/');
