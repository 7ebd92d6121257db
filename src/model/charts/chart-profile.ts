/**
 * The shape of a chart's values: 'leaf' is a scalar, 'list' a list of free-form items and 'map'
 * a free-form map (Kubernetes objects such as resources or securityContext, or labels).
 */
export type ValuesShape = 'leaf' | 'list' | 'map' | { readonly [key: string]: ValuesShape };

/** What some versions of a chart read from their values (generated from the vendored charts). */
export interface ChartProfile {
  readonly chart: string;
  readonly versions: readonly string[];
  readonly shape: ValuesShape;
  /** The defaults the checks merge user values over (the parts they read). */
  readonly defaults: Readonly<Record<string, unknown>>;
}
