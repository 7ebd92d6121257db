import { UnsupportedFeature } from './build-error.js';
import type { Accumulated } from './generators.js';
import { nameSuffixHash } from './name-hash.js';

/** Where a pod spec names a ConfigMap or a Secret (kustomize's built-in nameReference config). */
const POD_FIELDS: Record<'ConfigMap' | 'Secret', string[]> = {
  ConfigMap: [
    'volumes/configMap/name',
    'containers/env/valueFrom/configMapKeyRef/name',
    'initContainers/env/valueFrom/configMapKeyRef/name',
    'containers/envFrom/configMapRef/name',
    'initContainers/envFrom/configMapRef/name',
    'volumes/projected/sources/configMap/name',
  ],
  Secret: [
    'volumes/secret/secretName',
    'containers/env/valueFrom/secretKeyRef/name',
    'initContainers/env/valueFrom/secretKeyRef/name',
    'containers/envFrom/secretRef/name',
    'initContainers/envFrom/secretRef/name',
    'imagePullSecrets/name',
    'volumes/projected/sources/secret/name',
  ],
};

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_AT: Record<string, string> = {
  Pod: 'spec',
  PodTemplate: 'template/spec',
  Deployment: 'spec/template/spec',
  ReplicaSet: 'spec/template/spec',
  DaemonSet: 'spec/template/spec',
  StatefulSet: 'spec/template/spec',
  Job: 'spec/template/spec',
  CronJob: 'spec/jobTemplate/spec/template/spec',
};

/** The rest of the built-in config for the two kinds, by referring kind. */
const OTHER_FIELDS: Record<'ConfigMap' | 'Secret', Record<string, string[]>> = {
  ConfigMap: {
    Ingress: ['metadata/annotations/nginx.ingress.kubernetes.io/fastcgi-params-configmap'],
  },
  Secret: {
    Ingress: [
      'spec/tls/secretName',
      'metadata/annotations/ingress.kubernetes.io/auth-secret',
      'metadata/annotations/nginx.ingress.kubernetes.io/auth-secret',
      'metadata/annotations/nginx.ingress.kubernetes.io/auth-tls-secret',
    ],
    ServiceAccount: ['imagePullSecrets/name'],
  },
};

/**
 * Referrers whose matching rules (RBAC resource names, cluster-scoped referrers, Node configSource,
 * knative) we do not reproduce; a build with one of these and a renamed object goes to kustomize.
 */
const SKIPPED_REFERRERS: Record<string, (object: Record<string, any>) => boolean> = {
  Role: (object) => JSON.stringify(object.rules ?? []).includes('"resourceNames"'),
  ClusterRole: (object) => JSON.stringify(object.rules ?? []).includes('"resourceNames"'),
  StorageClass: (object) => object.parameters !== undefined,
  PersistentVolume: (object) => object.spec?.azureFile !== undefined,
  Node: (object) => object.spec?.configSource !== undefined,
  Service: (object) => String(object.apiVersion).startsWith('serving.knative.dev/'),
};

/**
 * What kustomize does once the whole build is accumulated: hash suffixes on generated names,
 * then every reference to a renamed ConfigMap or Secret follows it.
 */
export function finalize(entries: Accumulated[], from: string): Accumulated[] {
  const renamed: Array<{ kind: string; namespace: string; names: Set<string>; name: string }> = [];
  const out = entries.map((entry) => {
    let { object } = entry;
    const previous = [...(entry.previousNames ?? [])];
    if (entry.needsHash) {
      previous.push(object.metadata.name);
      object = { ...object, metadata: { ...object.metadata, name: `${object.metadata.name}-${nameSuffixHash(object)}` } };
    }
    if (previous.length > 0 && (object.kind === 'ConfigMap' || object.kind === 'Secret')) {
      renamed.push({ kind: object.kind, namespace: effectiveNamespace(object), names: new Set(previous), name: object.metadata.name });
    }
    return { object, ...(entry.file ? { file: entry.file } : {}) };
  });
  if (renamed.length === 0) return out;
  return out.map((entry) => {
    const { object } = entry;
    if (SKIPPED_REFERRERS[object.kind]?.(object)) throw new UnsupportedFeature(`name references in a ${object.kind}`, from);
    const referrers = (kind: 'ConfigMap' | 'Secret') => [
      ...(POD_SPEC_AT[object.kind] ? POD_FIELDS[kind].map((path) => `${POD_SPEC_AT[object.kind]}/${path}`) : []),
      ...(OTHER_FIELDS[kind][object.kind] ?? []),
    ];
    const candidates = renamed.filter((r) => referrers(r.kind as 'ConfigMap' | 'Secret').length > 0);
    if (candidates.length === 0) return entry;
    const copy = structuredClone(object);
    const namespace = effectiveNamespace(copy);
    for (const kind of ['ConfigMap', 'Secret'] as const) {
      const visible = candidates.filter((r) => r.kind === kind && r.namespace === namespace);
      for (const path of referrers(kind)) rewrite(copy, splitPath(path), (name) => pick(visible, name, from));
    }
    return { ...entry, object: copy };
  });
}

/** kustomize compares namespaces with an unset one meaning "default". */
function effectiveNamespace(object: Record<string, any>): string {
  return object.metadata?.namespace || 'default';
}

/** The new name for `name`, if exactly one renamed object had it; two would be kustomize's ambiguity error. */
function pick(candidates: Array<{ names: Set<string>; name: string }>, name: string, from: string): string | undefined {
  const matches = candidates.filter((r) => r.names.has(name));
  if (matches.length > 1 && new Set(matches.map((m) => m.name)).size > 1) throw new UnsupportedFeature(`ambiguous reference to "${name}"`, from);
  return matches[0]?.name;
}

/** Path segments; annotation keys keep their slashes. */
function splitPath(path: string): string[] {
  const annotation = path.match(/^metadata\/annotations\/(.+)$/);
  return annotation ? ['metadata', 'annotations', annotation[1]!] : path.split('/');
}

/** Applies `rename` to every string at `path`, walking through lists on the way. */
function rewrite(node: any, path: string[], rename: (name: string) => string | undefined): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((item) => rewrite(item, path, rename));
    return;
  }
  const [head, ...rest] = path;
  if (head === undefined || !(head in node)) return;
  if (rest.length > 0) return rewrite(node[head], rest, rename);
  const value = node[head];
  if (typeof value === 'string') node[head] = rename(value) ?? value;
  else if (Array.isArray(value)) node[head] = value.map((item) => (typeof item === 'string' ? (rename(item) ?? item) : item));
}
