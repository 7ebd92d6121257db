import type { KubeObject } from './kube-object.js';

/** A rendered object: typed identity, every other field untrusted until a check narrows it. */
export type UntrustedObject = KubeObject & Readonly<Record<string, unknown>>;

/** An object after build and substitution, with where it came from. */
export interface RenderedObject {
  readonly object: UntrustedObject;
  readonly file?: string;
  /** `Kustomization/<ns>/<name>` of the Flux Kustomization that applies it; absent for the cluster's own sync. */
  readonly appliedBy?: string;
  /** Its `sops:` metadata was stripped as Flux does after decrypting: offline its values are ciphertext. */
  readonly encrypted?: boolean;
  /** It exists on the cluster but its keys are unknown offline, and why (a stand-in for an object made outside Flux). */
  readonly opaqueBy?: string;
}

/** `Kind/namespace/name` (or `Kind/name`): how findings and the index name an object. */
export const objectId = (o: KubeObject) => `${o.kind}/${o.metadata?.namespace ?? ''}${o.metadata?.namespace ? '/' : ''}${o.metadata?.name ?? '?'}`;
