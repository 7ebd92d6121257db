import { type FieldSpec, mergeIntoMaps } from './field-spec.js';
import { COMMON_ANNOTATIONS, COMMON_LABELS, METADATA_LABELS, TEMPLATE_LABELS, VOLUME_CLAIM_LABELS } from './metadata-field-specs.js';

/** One entry of a kustomization's `labels:` list. */
export interface LabelsEntry {
  readonly pairs?: Record<string, unknown>;
  readonly includeSelectors?: boolean;
  readonly includeTemplates?: boolean;
  readonly includeVolumeClaimTemplates?: boolean;
  readonly fields?: readonly FieldSpec[];
}

/** kustomize writes label and annotation values as strings, whatever YAML type they were. */
function asStrings(values: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, String(value ?? '')]));
}

/** `commonLabels`: metadata, pod templates and selectors. */
export function applyCommonLabels(object: Record<string, any>, labels: Record<string, unknown>): void {
  mergeIntoMaps(object, COMMON_LABELS, asStrings(labels));
}

/** Field specs of one `labels:` entry, as kustomize's configurator assembles them. */
function labelsEntrySpecs(entry: LabelsEntry): readonly FieldSpec[] {
  const custom = entry.fields ?? [];
  if (entry.includeSelectors) return [...custom, ...COMMON_LABELS];
  return [...custom, ...(entry.includeTemplates ? TEMPLATE_LABELS : []), ...(entry.includeVolumeClaimTemplates ? VOLUME_CLAIM_LABELS : []), ...METADATA_LABELS];
}

/** `labels:` entries: metadata only unless the entry opts into templates or selectors. */
export function applyLabels(object: Record<string, any>, entries: readonly LabelsEntry[]): void {
  for (const entry of entries) mergeIntoMaps(object, labelsEntrySpecs(entry), asStrings(entry.pairs));
}

/** `commonAnnotations`: metadata and pod templates. */
export function applyCommonAnnotations(object: Record<string, any>, annotations: Record<string, unknown>): void {
  mergeIntoMaps(object, COMMON_ANNOTATIONS, asStrings(annotations));
}
