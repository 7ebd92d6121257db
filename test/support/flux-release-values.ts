import { parse } from 'yaml';
import { deepMerge } from '../../src/index.js';

/** `${VAR}` and `${VAR:=default}`, the forms the story's HelmRelease uses (Flux's envsubst is in the engine). */
function substituteStory(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\{(\w+)(?::?[=-]([^}]*))?\}/g, (whole, name: string, fallback: string | undefined) => vars.get(name) ?? fallback ?? whole);
}

/**
 * The values helm-controller hands Helm for one cluster: the shared HelmRelease after the
 * kustomize-controller substituted that cluster's cluster-settings, its valuesFrom ConfigMap's
 * values.yaml first, then spec.values merged over it (helm-controller's order: spec.values wins).
 */
export function releaseValuesFor(tree: Record<string, string>, cluster: string): Record<string, any> {
  const settings = parse(tree[`kubernetes/clusters/${cluster}/cluster-settings.yaml`]!) as { data: Record<string, string> };
  const release = parse(substituteStory(tree['kubernetes/infrastructure/networking/coredns/helmrelease.yaml']!, new Map(Object.entries(settings.data)))) as Record<string, any>;
  let values: Record<string, unknown> = {};
  for (const ref of (release.spec.valuesFrom ?? []) as Array<{ kind: string; name: string; valuesKey: string }>) {
    const file = tree[`kubernetes/clusters/${cluster}/${ref.name}.yaml`];
    if (file === undefined) throw new Error(`cluster ${cluster} has no ${ref.kind} ${ref.name}`);
    const configMap = parse(file) as { kind: string; metadata: { name: string; namespace: string }; data: Record<string, string> };
    if (configMap.kind !== ref.kind || configMap.metadata.name !== ref.name || configMap.metadata.namespace !== release.metadata.namespace) {
      throw new Error(`${ref.kind} ${ref.name} is not in the HelmRelease's namespace`);
    }
    values = deepMerge(values, parse(configMap.data[ref.valuesKey]!) as Record<string, unknown>);
  }
  return deepMerge(values, release.spec.values);
}
