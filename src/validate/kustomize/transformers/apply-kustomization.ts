import { applyImages, type ImageEntry } from './images.js';
import { applyCommonAnnotations, applyCommonLabels, applyLabels, type LabelsEntry } from './labels.js';
import { applyNameAffix } from './name-affix.js';
import { fixNameReferences } from './name-reference.js';
import { applyNamespace } from './namespace.js';
import { applyPatches, applyPatchesJson6902, applyPatchesStrategicMerge, type LoadFile, type PatchEntry } from './patches.js';
import { cloneResource } from './resource-id.js';

/** The kustomization fields this module implements, beyond resources and the type header. */
export const TRANSFORMER_FIELDS = ['namespace', 'namePrefix', 'nameSuffix', 'commonLabels', 'labels', 'commonAnnotations', 'images', 'patches', 'patchesStrategicMerge', 'patchesJson6902'] as const;

/**
 * Runs a kustomization's transformers over the objects its resources produced, in kustomize v5's
 * order (kusttarget_configplugin.go): strategic-merge patches, patches, namespace, prefix, suffix,
 * labels, annotations, JSON 6902 patches, images; then the name-reference pass. The inputs are
 * not modified.
 */
export function applyKustomization(input: readonly Record<string, any>[], spec: Record<string, any>, load: LoadFile): Record<string, any>[] {
  let objects = input.map(cloneResource);
  const each = (fn: (object: Record<string, any>) => void): void => objects.forEach(fn);
  if (spec.patchesStrategicMerge?.length) objects = applyPatchesStrategicMerge(objects, spec.patchesStrategicMerge as string[], load);
  if (spec.patches?.length) objects = applyPatches(objects, spec.patches as PatchEntry[], load);
  if (spec.namespace) each((object) => applyNamespace(object, String(spec.namespace)));
  if (spec.namePrefix || spec.nameSuffix) each((object) => applyNameAffix(object, spec.namePrefix ?? '', spec.nameSuffix ?? ''));
  if (spec.labels?.length) each((object) => applyLabels(object, spec.labels as LabelsEntry[]));
  if (spec.commonLabels) each((object) => applyCommonLabels(object, spec.commonLabels));
  if (spec.commonAnnotations) each((object) => applyCommonAnnotations(object, spec.commonAnnotations));
  if (spec.patchesJson6902?.length) objects = applyPatchesJson6902(objects, spec.patchesJson6902, load);
  if (spec.images?.length) each((object) => applyImages(object, spec.images as ImageEntry[]));
  fixNameReferences(objects);
  return objects;
}
