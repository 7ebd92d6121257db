import { visitField, type FieldSpec } from './field-spec.js';
import { currentId, effectiveNamespace, groupVersion, isClusterScoped, previousIds } from './resource-id.js';

/*
 * kustomize's name-reference pass for the common references (a subset of
 * builtinpluginconsts/namereference.go): after a rename, fields that name the renamed object
 * follow it.
 */

/** Where each workload kind keeps its pod spec. */
const POD_SPECS: ReadonlyArray<{ kind: string; spec: string }> = [
  { kind: 'Pod', spec: 'spec' },
  { kind: 'PodTemplate', spec: 'template/spec' },
  ...['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicationController'].map((kind) => ({ kind, spec: 'spec/template/spec' })),
  { kind: 'CronJob', spec: 'spec/jobTemplate/spec/template/spec' },
];

function inPodSpecs(...paths: string[]): FieldSpec[] {
  return POD_SPECS.flatMap(({ kind, spec }) => paths.map((path) => ({ kind, path: `${spec}/${path}` })));
}

const CONTAINER_LISTS = ['containers', 'initContainers'];

/** Referent kind → the fields of other objects that name it. */
const REFERENCES: Readonly<Record<string, readonly FieldSpec[]>> = {
  ConfigMap: [
    ...inPodSpecs(
      'volumes/configMap/name',
      'volumes/projected/sources/configMap/name',
      ...CONTAINER_LISTS.flatMap((list) => [`${list}/env/valueFrom/configMapKeyRef/name`, `${list}/envFrom/configMapRef/name`]),
    ),
  ],
  Secret: [
    ...inPodSpecs(
      'volumes/secret/secretName',
      'volumes/projected/sources/secret/name',
      'imagePullSecrets/name',
      ...CONTAINER_LISTS.flatMap((list) => [`${list}/env/valueFrom/secretKeyRef/name`, `${list}/envFrom/secretRef/name`]),
    ),
    { kind: 'Ingress', path: 'spec/tls/secretName' },
    { kind: 'ServiceAccount', path: 'imagePullSecrets/name' },
  ],
  Service: [
    { kind: 'StatefulSet', group: 'apps', path: 'spec/serviceName' },
    { kind: 'Ingress', path: 'spec/rules/http/paths/backend/service/name' },
    { kind: 'Ingress', path: 'spec/defaultBackend/service/name' },
    { kind: 'APIService', group: 'apiregistration.k8s.io', path: 'spec/service/name' },
  ],
  ServiceAccount: inPodSpecs('serviceAccountName'),
  Role: [{ kind: 'RoleBinding', path: 'roleRef/name' }],
  ClusterRole: [
    { kind: 'RoleBinding', path: 'roleRef/name' },
    { kind: 'ClusterRoleBinding', path: 'roleRef/name' },
  ],
  PersistentVolumeClaim: inPodSpecs('volumes/persistentVolumeClaim/claimName'),
  PriorityClass: inPodSpecs('priorityClassName'),
  ...Object.fromEntries(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'].map((kind) => [kind, [{ kind: 'HorizontalPodAutoscaler', path: 'spec/scaleTargetRef/name' }]])),
};

/** Renamed objects of `kind` that were once called `name` (kustomize only considers objects with previous ids). */
function renamedCandidates(objects: readonly Record<string, any>[], kind: string, name: string): Record<string, any>[] {
  return objects.filter((object) => object.kind === kind && previousIds(object).some((id) => id.name === name && id.kind === kind));
}

/** The referent a field of `referrer` means, when exactly one candidate shares its namespace. */
function referral(objects: readonly Record<string, any>[], referrer: Record<string, any>, kind: string, name: string): Record<string, any> | undefined {
  const namespace = effectiveNamespace(currentId(referrer));
  const candidates = renamedCandidates(objects, kind, name).filter(
    (candidate) => isClusterScoped(referrer) || isClusterScoped(candidate) || kind === 'ServiceAccount' || effectiveNamespace(currentId(candidate)) === namespace,
  );
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** A ServiceAccount subject follows its ServiceAccount's name and namespace. */
function fixSubjects(objects: readonly Record<string, any>[], binding: Record<string, any>): void {
  if (binding.kind !== 'RoleBinding' && binding.kind !== 'ClusterRoleBinding') return;
  if (groupVersion(binding.apiVersion).group !== 'rbac.authorization.k8s.io' || !Array.isArray(binding.subjects)) return;
  for (const subject of binding.subjects) {
    if (subject?.kind !== 'ServiceAccount' || typeof subject.name !== 'string') continue;
    let candidates = renamedCandidates(objects, 'ServiceAccount', subject.name);
    if (subject.namespace !== undefined) {
      // The subject's namespace may be any the ServiceAccount had (kustomize checks original, then current ids).
      const wanted = effectiveNamespace({ ...currentId(binding), kind: 'ServiceAccount', namespace: subject.namespace });
      candidates = candidates.filter((candidate) => [...previousIds(candidate), currentId(candidate)].some((id) => effectiveNamespace(id) === wanted));
    }
    if (candidates.length !== 1) continue;
    subject.name = candidates[0]!.metadata.name;
    if (candidates[0]!.metadata.namespace) subject.namespace = candidates[0]!.metadata.namespace;
  }
}

/** Updates, in place, every known reference to an object that was renamed or moved. */
export function fixNameReferences(objects: readonly Record<string, any>[]): void {
  for (const referrer of objects) {
    fixSubjects(objects, referrer);
    for (const [kind, specs] of Object.entries(REFERENCES)) {
      for (const spec of specs) {
        visitField(referrer, spec, (parent, key) => {
          if (typeof parent[key] !== 'string') return;
          // roleRef and scaleTargetRef say which kind they name.
          if (typeof parent.kind === 'string' && parent.kind !== kind && /roleRef|scaleTargetRef/.test(spec.path)) return;
          const target = referral(objects, referrer, kind, parent[key]);
          if (target) parent[key] = target.metadata.name;
        });
      }
    }
  }
}
