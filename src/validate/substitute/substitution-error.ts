/** Why a substitution failed: each maps to a different fix for the user. */
export type SubstitutionFailure = 'undefined' | 'syntax' | 'limit' | 'panic' | 'yaml';

/** Anything that makes Flux's post-build substitution fail the reconcile. */
export class SubstitutionError extends Error {
  constructor(
    message: string,
    /** The variable involved, when there is one (strict mode names it). */
    public readonly variable?: string,
    public readonly reason: SubstitutionFailure = 'undefined',
  ) {
    super(message);
    this.name = 'SubstitutionError';
  }
}
