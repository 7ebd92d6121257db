import { quote } from '../model/input-error.js';

/** A `${` Flux substitutes (its `$${` escape excepted), with the rest of the reference. */
const REFERENCE = /\$\$\{|\$\{[^}]*\}?/g;

/**
 * Why `text` would change under Flux's post-build substitution (prometheusrule.yaml sits in a
 * directory built with it), and how to keep it as written; undefined when it would not change.
 * Prometheus itself uses `${1}` (label_replace replacements), so the fix escapes rather than forbids.
 */
export function fluxSubstitutionIssue(text: string): { message: string; fix: string } | undefined {
  const reference = [...text.matchAll(REFERENCE)].map((match) => match[0]).find((match) => match !== '$${');
  if (reference === undefined) return undefined;
  return {
    message: `contains ${quote(reference)}: Flux's post-build substitution would replace it with a variable's value (empty when unset), or fail the Kustomization under strict substitution ("variable not set")`,
    fix: `write ${quote(`$${reference}`)} for a literal ${quote(reference)}: Flux turns "$\${" into "\${" and substitutes nothing`,
  };
}
