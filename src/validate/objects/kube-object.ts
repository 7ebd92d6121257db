/** The identity every rendered object is indexed by (kind, apiVersion, name, namespace). */
interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Any rendered object: its identity typed as the index reads it, its spec as untrusted `Spec`
 * (kube-objects.ts gives the upstream shapes). No upstream type here, so a public declaration
 * (the repository's objects the layout reads) may name it.
 */
export interface KubeObject<Spec = unknown> {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
  readonly spec?: Spec;
}
