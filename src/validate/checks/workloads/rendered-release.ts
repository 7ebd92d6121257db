import type { FindingSeverity } from '../../finding.js';
import type { PodSecurityLevel } from '../pod-security-admission.js';
import { type Obj, labelsOf, mapAt, mapOf, mapsOf } from './private/shape.js';

/** Files one finding about an object a HelmRelease rendered (the object, a path inside it). */
type RenderedReport = (code: string, severity: FindingSeverity, object: Obj, path: string, message: string, fix: string) => void;

/** What the workload checks see of one HelmRelease: the objects Helm rendered for it. */
export interface RenderedRelease {
  /** `namespace/name` of the HelmRelease. */
  readonly release: string;
  /** The chart's name, which keys the per-chart allowances. */
  readonly chart: string;
  /** Where the objects land when they name no namespace (the release's target namespace). */
  readonly namespace: string;
  readonly objects: readonly Obj[];
  readonly report: RenderedReport;
  /** The Pod Security level a namespace of the cluster enforces (ClusterIndex.podSecurityEnforced). */
  readonly podSecurityEnforced: (namespace: string) => PodSecurityLevel | undefined;
}

// Kinds Helm renders without a namespace that stay without one.
const CLUSTER_SCOPED = new Set([
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'PersistentVolume',
  'PriorityClass',
  'StorageClass',
  'ValidatingWebhookConfiguration',
]);

/** The namespace a rendered object lands in: its own, else the release's (undefined when cluster-scoped). */
export function namespaceIn(object: Obj, releaseNamespace: string): string | undefined {
  const own = mapOf(object.metadata).namespace;
  if (typeof own === 'string' && own) return own;
  return CLUSTER_SCOPED.has(String(object.kind)) ? undefined : releaseNamespace;
}

/** `Kind/namespace/name` of a rendered object, its namespace filled in as Helm would install it. */
export function renderedId(object: Obj, releaseNamespace: string): string {
  const namespace = namespaceIn(object, releaseNamespace);
  return `${String(object.kind)}/${namespace ? `${namespace}/` : ''}${String(mapOf(object.metadata).name ?? '?')}`;
}

/** A pod template (or a Pod) inside a rendered object, with where it is. */
export interface PodTemplate {
  readonly owner: Obj;
  readonly namespace: string;
  /** Path of the pod's spec inside the owner, e.g. `spec.template.spec`. */
  readonly path: string;
  readonly spec: Obj;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The pods the owner keeps running, when it says (Deployment, StatefulSet, ReplicaSet; default 1). */
  readonly replicas?: number;
}

// Where each workload kind keeps its pod template.
const TEMPLATE_AT: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};
const SCALED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** The pod templates of rendered objects (Pods and the workload kinds that hold one). */
export function podTemplates(objects: readonly Obj[], releaseNamespace: string): PodTemplate[] {
  return objects.flatMap((owner) => {
    const kind = String(owner.kind);
    const at = TEMPLATE_AT[kind];
    if (!at) return [];
    const template = at.length === 0 ? owner : mapAt(owner, ...at);
    if (!template) return [];
    const metadata = mapOf(template.metadata);
    const replicas = mapOf(owner.spec).replicas;
    return [
      {
        owner,
        namespace: namespaceIn(owner, releaseNamespace) ?? releaseNamespace,
        path: [...at, 'spec'].join('.'),
        spec: mapOf(template.spec),
        labels: labelsOf(metadata.labels),
        annotations: labelsOf(metadata.annotations),
        ...(SCALED.has(kind) ? { replicas: typeof replicas === 'number' ? replicas : 1 } : {}),
      },
    ];
  });
}

/** One container of a pod template, with its path. */
export interface ContainerAt {
  readonly container: Obj;
  readonly path: string;
  readonly name: string;
  readonly list: 'containers' | 'initContainers' | 'ephemeralContainers';
}

/** The containers, init containers and ephemeral containers of a pod template. */
export function containersOf(pod: PodTemplate): ContainerAt[] {
  return (['containers', 'initContainers', 'ephemeralContainers'] as const).flatMap((list) =>
    mapsOf(pod.spec[list]).map((container, i) => ({ container, path: `${pod.path}.${list}[${i}]`, name: String(container.name ?? i), list })),
  );
}

/** Objects of one kind (any API group) among rendered objects. */
export const ofKind = (objects: readonly Obj[], kind: string): readonly Obj[] => objects.filter((o) => o.kind === kind);
