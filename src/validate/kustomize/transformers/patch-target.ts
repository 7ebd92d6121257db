import { currentId, effectiveNamespace, groupVersion, originalId } from './resource-id.js';

/** A patch `target:`; group/version/kind/name/namespace are anchored regular expressions. */
export interface PatchTarget {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

const anchored = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);

/**
 * Whether a Kubernetes set-based selector ("a=b,c!=d,e in (x,y),f notin (z),g,!h") matches the
 * map; kustomize parses label and annotation selectors with the apimachinery grammar.
 */
export function matchesSelector(selector: string | undefined, values: Record<string, unknown> | undefined): boolean {
  if (!selector?.trim()) return true;
  const map = values ?? {};
  // Split on commas that are not inside a parenthesised value set.
  const requirements = selector
    .split(/,(?![^(]*\))/)
    .map((part) => part.trim())
    .filter(Boolean);
  return requirements.every((requirement) => {
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(requirement);
    if (set) {
      const options = set[3]!.split(',').map((value) => value.trim());
      const has = set[1]! in map && options.includes(String(map[set[1]!]));
      return set[2] === 'in' ? has : !has;
    }
    const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(requirement);
    if (equality) {
      const equal = equality[1]! in map && String(map[equality[1]!]) === equality[3];
      return equality[2] === '!=' ? !equal : equal;
    }
    if (requirement.startsWith('!')) return !(requirement.slice(1).trim() in map);
    return requirement in map;
  });
}

/** kustomize's selection: name and namespace match the original or the current id; gvk the current one. */
export function matchesTarget(object: Record<string, any>, target: PatchTarget): boolean {
  const original = originalId(object);
  const current = currentId(object);
  const { group, version } = groupVersion(object.apiVersion);
  const fits = (pattern: string | undefined, ...values: string[]): boolean => !pattern || values.some((value) => anchored(pattern).test(value));
  return (
    fits(target.namespace, effectiveNamespace(original), effectiveNamespace(current)) &&
    fits(target.name, original.name, current.name) &&
    fits(target.group, group) &&
    fits(target.version, version) &&
    fits(target.kind, String(object.kind ?? '')) &&
    matchesSelector(target.labelSelector, object.metadata?.labels) &&
    matchesSelector(target.annotationSelector, object.metadata?.annotations)
  );
}
