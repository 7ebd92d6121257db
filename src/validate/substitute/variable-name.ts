/**
 * Flux's rule for the keys of substitute / substituteFrom (fluxcd/pkg kustomize_varsub.go):
 * ^[_[:alpha:]][_[:alpha:][:digit:]]*$ , and Go's [:alpha:] is ASCII only.
 */
export const VARIABLE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

/**
 * A name inside `${...}` is looser (Go's unicode.IsLetter / IsDigit / '_', any order), so
 * `${1X}` or `${ÄX}` parse; no key can match them, so strict mode reports them undefined.
 */
export function isNameChar(char: string): boolean {
  return /^[\p{L}\p{Nd}_]$/u.test(char);
}
