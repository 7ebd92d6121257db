/** The protocol version this client speaks (engine/internal/protocol.Version). */
export const PROTOCOL_VERSION = 2;

/** A problem the engine reports for one request; `code` is a finding code. */
export interface EngineProblem {
  readonly code: string;
  readonly message: string;
  /** Source-relative file, where the problem has one. */
  readonly file?: string;
  /** `Kind/namespace/name` (or `Kind/name`), where the problem is one object's. */
  readonly object?: string;
}

/** `kustomize.build`: one Flux Kustomization built as kustomize-controller builds it. */
export interface KustomizeBuildRequest {
  /** The absolute folder of the repository that is the Kustomization's source. */
  readonly sourceRoot: string;
  /** The source's spec.ignore, over its `.sourceignore` files. @default none */
  readonly ignore?: string;
  /** The Flux Kustomization object. */
  readonly kustomization: Readonly<Record<string, unknown>>;
  /** The ConfigMaps and Secrets the cluster has, for spec.postBuild.substituteFrom. @default none */
  readonly variables?: readonly Readonly<Record<string, unknown>>[];
  /** Fail a variable without default that nothing defines (Flux's StrictPostBuildSubstitutions). @default false */
  readonly strict?: boolean;
  /** Leave such a variable as written (an opaque source may define it). @default false */
  readonly keepUndefined?: boolean;
  /**
   * Build from the ExternalArtifact an ArtifactGenerator composes out of folders inside
   * `sourceRoot` (the engine copies from their snapshots); files are still reported relative to
   * `sourceRoot`. @default the source is `sourceRoot` itself
   */
  readonly artifact?: ArtifactSpec;
}

/** One ExternalArtifact of an ArtifactGenerator: its sources as folders, and its copy rules. */
export interface ArtifactSpec {
  readonly sources: readonly { readonly alias: string; readonly root: string; readonly ignore?: string }[];
  readonly copy: readonly ArtifactCopy[];
}

/** One `spec.artifacts[].copy[]` rule, as the ArtifactGenerator gives it. */
export interface ArtifactCopy {
  readonly from: string;
  readonly to: string;
  readonly exclude?: readonly string[];
  readonly strategy?: string;
}

/** One object Flux would apply. */
export interface EngineObject {
  readonly object: Record<string, unknown>;
  /** The source-relative file it came from. */
  readonly file?: string;
  /** `sops:` metadata was stripped: its values are still ciphertext offline. */
  readonly encrypted?: boolean;
}

export interface KustomizeBuildResult {
  readonly objects: readonly EngineObject[];
  /** The folder had no kustomization.yaml: Flux's generator wrote one (in memory). */
  readonly generated: boolean;
  /** Source files left out of the snapshot for their size. */
  readonly skipped?: readonly string[];
  /** The kustomization.yaml Flux's generator produced for the folder (in memory). */
  readonly kustomization: string;
}

/** What a request comes back as: its result, or the engine's problem with it. */
export type EngineOutcome<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly problem: EngineProblem };
