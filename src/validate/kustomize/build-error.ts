/** A kustomization that cannot be built; `code` is a stable kebab-case string findings carry. */
export class BuildError extends Error {
  constructor(
    message: string,
    public readonly file: string,
    public readonly code = 'build-failed',
  ) {
    super(message);
  }
}

/**
 * Thrown by the in-process builder for anything it cannot reproduce exactly; the builder then
 * builds the folder with real kustomize instead. Never escapes `KustomizeBuilder.build`.
 */
export class UnsupportedFeature extends Error {
  constructor(
    public readonly feature: string,
    public readonly file: string,
  ) {
    super(`kustomize feature "${feature}" is not supported by the in-process builder`);
  }
}
