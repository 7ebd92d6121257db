import { type RenderedObject, type UntrustedObject, fieldAt } from '../objects/index.js';
import { findSubstituteSource } from '../sources/secret-producers.js';
import { listOf } from '../objects/kube-objects.js';
import { isMap } from '../../private/is-map.js';

/**
 * One substituteFrom entry as written. Its fields are not type-checked here (the CRD schema check
 * reports that): they are only compared with objects' kind and name and printed.
 */
interface SubstituteRef {
  readonly kind: string;
  readonly name: string;
  readonly optional?: boolean;
}

/** A map's entries; anything else (absent or malformed) has none. */
const spreadable = (value: unknown): Readonly<Record<string, unknown>> => (isMap(value) ? value : {});

/** Reports one problem of a Kustomization's postBuild (code, spec path, message, fix). */
export type AddProblem = (code: string, path: string | undefined, message: string, fix: string) => void;

/** A substituteFrom source that exists but whose keys are unknown offline. */
export interface OpaqueSource {
  /** `Secret namespace/name`. */
  readonly label: string;
  /** Why it is opaque, e.g. "SOPS-encrypted". */
  readonly by: string;
  /** The file of the object that makes it. */
  readonly file?: string;
}

/** What envsubst accepts as a variable name (fluxcd/pkg/kustomize's varsubRegex). */
const VARIABLE_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*$/;

/**
 * `sources`: the ConfigMaps and Secrets the engine's substitution reads (Flux's LoadVariables),
 * an opaque one as a stand-in without keys, so it exists as it does on the cluster.
 */
export type Variables = { readonly ok: true; readonly sources: Readonly<Record<string, unknown>>[]; readonly opaque: readonly OpaqueSource[] } | { readonly ok: false; readonly missing: boolean };

/** A Secret's values as Flux reads them: data base64-decoded, stringData over it. */
function keysOf(kind: string, object: UntrustedObject): Record<string, unknown> {
  const data = spreadable(object.data);
  if (kind !== 'Secret') return { ...data };
  const decoded = Object.entries(data).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')]);
  return { ...Object.fromEntries(decoded), ...spreadable(object.stringData) };
}

/**
 * Flux's variables for one Kustomization: substituteFrom in order (later wins), then inline
 * substitute over all. Sources are looked up among the objects the cluster applies; an optional
 * one may be missing, an opaque one (SOPS, ExternalSecret, SealedSecret) contributes unknown keys.
 */
export function substitutionVariables(ks: UntrustedObject, known: readonly RenderedObject[], add: AddProblem): Variables {
  const sources: Record<string, unknown>[] = [];
  const opaque: OpaqueSource[] = [];
  const namespace = ks.metadata?.namespace ?? 'default';
  let ok = true;
  let missing = false;
  const checkName = (key: string, path: string, message: string) => {
    if (VARIABLE_NAME.test(key)) return;
    // Secret values are never printed: only names.
    add('substitute-invalid-variable-name', path, message, 'rename the key to letters, digits and "_", not starting with a digit');
    ok = false;
  };
  listOf<SubstituteRef>(fieldAt(ks.spec, 'postBuild', 'substituteFrom')).forEach((ref, index) => {
    const path = `spec.postBuild.substituteFrom[${index}]`;
    const source = findSubstituteSource(known, ref.kind, namespace, ref.name);
    if (source.state === 'missing') {
      if (!ref.optional) {
        add(
          'substitute-source-missing',
          path,
          `${ref.kind} ${namespace}/${ref.name} is not applied on this cluster; Flux fails the reconcile`,
          `add it to the cluster's directory, or mark it optional: true`,
        );
        ok = false;
        missing = true;
      }
      return;
    }
    const metadata = { name: ref.name, namespace };
    if (source.state === 'opaque') {
      opaque.push({ label: `${ref.kind} ${namespace}/${ref.name}`, by: source.by, ...(source.entry.file ? { file: source.entry.file } : {}) });
      sources.push({ apiVersion: 'v1', kind: ref.kind, metadata });
      return;
    }
    const keys = keysOf(ref.kind, source.entry.object);
    for (const key of Object.keys(keys)) {
      checkName(key, path, `${ref.kind} ${ref.name} has key "${key}", not a valid variable name: substitution fails for the whole Kustomization`);
    }
    const values = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, String(v)]));
    sources.push({ apiVersion: 'v1', kind: ref.kind, metadata, ...(ref.kind === 'Secret' ? { stringData: values } : { data: values }) });
  });
  for (const key of Object.keys(spreadable(fieldAt(ks.spec, 'postBuild', 'substitute')))) {
    checkName(key, `spec.postBuild.substitute.${key}`, `"${key}" is not a valid variable name`);
  }
  return ok ? { ok, sources, opaque } : { ok, missing };
}
