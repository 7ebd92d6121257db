import { parse, stringify } from 'yaml';

/** Flux's rule for variable names (fluxcd/pkg): ^[_[:alpha:]][_[:alpha:][:digit:]]*$ */
export const VARIABLE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

/** The label or annotation that turns substitution off for one resource. */
export const SUBSTITUTE_DISABLED_KEY = 'kustomize.toolkit.fluxcd.io/substitute';

export class SubstitutionError extends Error {
  constructor(message: string, public readonly variable?: string) {
    super(message);
  }
}

/** `${` then a name, then an optional default operator (`:-`, `:=`, `-`, `=`) and its text. */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}/g;
const WITH_DEFAULT = /^([_a-zA-Z][_a-zA-Z0-9]*)(:-|:=|-|=)(.*)$/s;

/**
 * Expands `${VAR}` in `text` the way Flux 2.9's post-build substitution does: only the braced
 * form (a bare `$VAR` stays), `$${VAR}` for a literal `${VAR}`, `${VAR:-d}`, `${VAR:=d}`,
 * `${VAR-d}` and `${VAR=d}` give d when VAR is empty or unset, and an undefined VAR without a
 * default is an error (strict mode, the default since Flux 2.9).
 */
export function expandVariables(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(REFERENCE, (match, body: string | undefined) => {
    if (match === '$${') return '${';
    const inner = body!;
    if (VARIABLE_NAME.test(inner)) {
      const value = vars.get(inner);
      if (value === undefined) throw new SubstitutionError(`variable \${${inner}} is not defined and has no default`, inner);
      return value;
    }
    const withDefault = WITH_DEFAULT.exec(inner);
    if (withDefault) {
      const value = vars.get(withDefault[1]!);
      return value === undefined || value === '' ? withDefault[3]! : value;
    }
    throw new SubstitutionError(`"\${${inner}}" is not a substitution this validator understands (plain \${VAR} or a default form)`, inner);
  });
}

/** Whether a resource opted out of substitution with the Flux label or annotation. */
export function substitutionDisabled(resource: Record<string, any>): boolean {
  const metadata = resource.metadata ?? {};
  return metadata.labels?.[SUBSTITUTE_DISABLED_KEY] === 'disabled' || metadata.annotations?.[SUBSTITUTE_DISABLED_KEY] === 'disabled';
}

/**
 * Substitutes one built resource like the kustomize-controller: written out as YAML text,
 * expanded, and parsed again, so `"2"` from a ConfigMap becomes the integer 2.
 */
export function substituteResource(resource: Record<string, any>, vars: ReadonlyMap<string, string>): Record<string, any> {
  if (substitutionDisabled(resource)) return resource;
  const text = stringify(resource, { lineWidth: 0 });
  if (!text.includes('${')) return resource;
  return parse(expandVariables(text, vars)) as Record<string, any>;
}
