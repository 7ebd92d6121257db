import { parse, stringify } from 'yaml';
import { expandVariables } from './expand-variables.js';
import { SubstitutionError } from './substitution-error.js';

/** The label or annotation that turns substitution off for one resource. */
export const SUBSTITUTE_DISABLED_KEY = 'kustomize.toolkit.fluxcd.io/substitute';

/** Whether a resource opted out of substitution with the Flux label or annotation. */
export function substitutionDisabled(resource: Record<string, any>): boolean {
  const metadata = resource.metadata ?? {};
  return metadata.labels?.[SUBSTITUTE_DISABLED_KEY] === 'disabled' || metadata.annotations?.[SUBSTITUTE_DISABLED_KEY] === 'disabled';
}

export interface SubstituteOptions {
  /**
   * spec.postBuild.substituteStrategy: Always. Without it Flux skips substitution entirely when
   * no variable is defined, leaving every `${...}` as written.
   */
  always?: boolean;
}

/**
 * Substitutes one built resource like the kustomize-controller: written out as YAML text,
 * expanded, and parsed again, so `"2"` from a ConfigMap becomes the integer 2. Flux drops
 * newlines from every value when it loads them, so a multi-line value lands on one line.
 */
export function substituteResource(resource: Record<string, any>, vars: ReadonlyMap<string, string>, options: SubstituteOptions = {}): Record<string, any> {
  if (substitutionDisabled(resource) || (vars.size === 0 && !options.always)) return resource;
  const text = stringify(resource, { lineWidth: 0 });
  if (!/\$[{$]/.test(text)) return resource; // only `${` and `$$` change anything
  const flat = new Map([...vars].map(([name, value]) => [name, value.replaceAll('\n', '')]));
  const expanded = expandVariables(text, flat);
  try {
    return parse(expanded) as Record<string, any>;
  } catch (error) {
    throw new SubstitutionError(`the substituted resource is no longer valid YAML: ${(error as Error).message.split('\n')[0]}`, undefined, 'yaml');
  }
}
