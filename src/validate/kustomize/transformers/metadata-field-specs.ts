import type { FieldSpec } from './field-spec.js';

/*
 * The field specs kustomize v5 ships for labels and annotations
 * (api/internal/konfig/builtinpluginconsts), written as data rather than YAML.
 */

type Gvk = Pick<FieldSpec, 'kind' | 'group' | 'version'>;

/** Workloads whose pod template kustomize labels and annotates, with the template's path. */
const TEMPLATED: ReadonlyArray<Gvk & { template: string }> = [
  { kind: 'ReplicationController', version: 'v1', template: 'spec/template' },
  { kind: 'Deployment', template: 'spec/template' },
  { kind: 'ReplicaSet', template: 'spec/template' },
  { kind: 'DaemonSet', template: 'spec/template' },
  { kind: 'StatefulSet', group: 'apps', template: 'spec/template' },
  { kind: 'Job', group: 'batch', template: 'spec/template' },
  { kind: 'CronJob', group: 'batch', template: 'spec/jobTemplate' },
  { kind: 'CronJob', group: 'batch', template: 'spec/jobTemplate/spec/template' },
];

function templateSpecs(field: 'labels' | 'annotations'): FieldSpec[] {
  return TEMPLATED.map(({ template, ...gvk }) => ({ ...gvk, path: `${template}/metadata/${field}`, create: true }));
}

export const METADATA_LABELS: readonly FieldSpec[] = [{ path: 'metadata/labels', create: true }];

const VOLUME_CLAIM_TEMPLATE_LABELS: FieldSpec = {
  path: 'spec/volumeClaimTemplates[]/metadata/labels',
  create: true,
  group: 'apps',
  kind: 'StatefulSet',
};

/**
 * labels' includeTemplates: metadata plus pod templates; kustomize v5.5 (kubectl 1.32) also
 * labels StatefulSet volume claim templates there.
 */
export const TEMPLATE_LABELS: readonly FieldSpec[] = [...METADATA_LABELS, ...templateSpecs('labels'), VOLUME_CLAIM_TEMPLATE_LABELS];

const AFFINITY = [
  'spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels',
  'spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels',
  'spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels',
];

/** `commonLabels` (and labels' includeSelectors): metadata, templates, and selectors. */
export const COMMON_LABELS: readonly FieldSpec[] = [
  { path: 'spec/selector', create: true, version: 'v1', kind: 'Service' },
  { path: 'spec/selector', create: true, version: 'v1', kind: 'ReplicationController' },
  { path: 'spec/selector/matchLabels', create: true, kind: 'Deployment' },
  ...AFFINITY.map((path) => ({ path, group: 'apps', kind: 'Deployment' })),
  { path: 'spec/selector/matchLabels', create: true, kind: 'ReplicaSet' },
  { path: 'spec/selector/matchLabels', create: true, kind: 'DaemonSet' },
  { path: 'spec/selector/matchLabels', create: true, group: 'apps', kind: 'StatefulSet' },
  ...AFFINITY.map((path) => ({ path, group: 'apps', kind: 'StatefulSet' })),
  { path: 'spec/selector/matchLabels', group: 'batch', kind: 'Job' },
  { path: 'spec/jobTemplate/spec/selector/matchLabels', group: 'batch', kind: 'CronJob' },
  { path: 'spec/selector/matchLabels', group: 'policy', kind: 'PodDisruptionBudget' },
  { path: 'spec/podSelector/matchLabels', group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { path: 'spec/ingress/from/podSelector/matchLabels', group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  { path: 'spec/egress/to/podSelector/matchLabels', group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  ...TEMPLATE_LABELS,
  VOLUME_CLAIM_TEMPLATE_LABELS,
];

export const VOLUME_CLAIM_LABELS: readonly FieldSpec[] = [VOLUME_CLAIM_TEMPLATE_LABELS];

/** `commonAnnotations`: metadata and pod templates, never selectors. */
export const COMMON_ANNOTATIONS: readonly FieldSpec[] = [{ path: 'metadata/annotations', create: true }, ...templateSpecs('annotations')];
