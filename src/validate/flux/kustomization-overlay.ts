import { posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { BuiltObject } from '../kustomize/index.js';
import { applyKustomization, setSourceFile, sourceFile, TRANSFORMER_FIELDS, type ImageEntry, type PatchEntry } from '../kustomize/transformers/index.js';

/** Reads a file named relative to the Flux Kustomization's `spec.path`. */
export type ReadFile = (path: string) => string;

/** Applies the component at `path` (relative to spec.path) to the objects built so far. */
export type BuildComponent = (path: string, objects: BuiltObject[]) => BuiltObject[];

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const COMPONENT_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'resources', 'components', ...TRANSFORMER_FIELDS]);

function parseYaml(text: string, source: string): Record<string, any>[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${source} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
      return doc.toJS();
    })
    .filter((value) => value !== null && value !== undefined);
}

function toPlain(objects: readonly BuiltObject[]): Record<string, any>[] {
  return objects.map(({ object, file }) => {
    setSourceFile(object, file);
    return object;
  });
}

function toBuilt(objects: readonly Record<string, any>[]): BuiltObject[] {
  return objects.map((object) => ({ object, ...(sourceFile(object) ? { file: sourceFile(object) } : {}) }));
}

/** The component's kustomization, or undefined when its directory has none. */
function readComponentSpec(path: string, readFile: ReadFile): { spec: Record<string, any>; file: string } | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const file = posix.join(path, name);
    let text: string;
    try {
      text = readFile(file);
    } catch {
      continue;
    }
    return { spec: parseYaml(text, file)[0] ?? {}, file };
  }
  return undefined;
}

/**
 * A kustomize Component from files alone: its file resources join the objects, then its
 * transformers run over all of them (components see everything their parent built).
 */
function applyComponentFiles(path: string, objects: BuiltObject[], readFile: ReadFile, specPath: string): BuiltObject[] {
  const found = readComponentSpec(path, readFile);
  if (!found) throw new Error(`component "${path}" has no kustomization file`);
  const { spec, file } = found;
  for (const field of Object.keys(spec)) {
    if (!COMPONENT_FIELDS.has(field)) throw new Error(`kustomize feature "${field}" in ${file} is not supported in process`);
  }
  let current = objects;
  for (const entry of (spec.resources ?? []) as string[]) {
    const resource = posix.join(path, entry);
    const docs = parseYaml(readFile(resource), resource);
    current = [...current, ...docs.map((object) => ({ object, file: posix.join(specPath, resource) }))];
  }
  for (const nested of (spec.components ?? []) as string[]) current = applyComponentFiles(posix.join(path, nested), current, readFile, specPath);
  const load = (relative: string): string => readFile(posix.join(path, relative));
  return toBuilt(applyKustomization(toPlain(current), spec, load));
}

/** Merges labels or annotations into metadata only, as Flux's SetCommonMetadata does. */
function setCommonMetadata(object: Record<string, any>, field: 'labels' | 'annotations', values: Record<string, unknown> | undefined): void {
  if (!values || Object.keys(values).length === 0) return;
  const strings = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));
  object.metadata = { ...object.metadata, [field]: { ...object.metadata?.[field], ...strings } };
}

/**
 * What kustomize-controller adds to a built path for a Flux Kustomization's spec
 * (fluxcd/pkg kustomize_generator.go, then SetCommonMetadata at apply time):
 *
 * - `components` (relative to spec.path) join first, like kustomize's components field;
 * - `patches`, `targetNamespace`, `namePrefix`, `nameSuffix` and `images` then run with
 *   kustomize's semantics and order. targetNamespace is kustomize's namespace transformer: it
 *   sets metadata.namespace of every namespaced object, child Flux Kustomizations and
 *   HelmReleases included, but not their spec.targetNamespace;
 * - `commonMetadata` labels and annotations go on metadata only, never on selectors or templates.
 *
 * Flux merges these fields into the directory's own kustomization before one build; here they
 * run as a layer over the built objects, which is the same except where the directory's own
 * `images` renamed an image the Flux spec also names. Post-build substitution, which Flux runs
 * before commonMetadata, is the caller's.
 */
export function applyFluxKustomizationSpec(objects: BuiltObject[], spec: Record<string, any>, readFile: ReadFile, buildComponent?: BuildComponent): BuiltObject[] {
  const specPath = posix.normalize(String(spec.path ?? '.')).replace(/^\.\//, '');
  let current = objects;
  for (const component of (spec.components ?? []) as string[]) {
    if (posix.isAbsolute(component) || posix.normalize(component).startsWith('..')) {
      throw new Error(`component path '${component}' must be local and relative`);
    }
    if (spec.ignoreMissingComponents && !buildComponent && !readComponentSpec(component, readFile)) continue;
    current = buildComponent ? buildComponent(component, current) : applyComponentFiles(component, current, readFile, specPath);
  }
  const layer = {
    ...(spec.targetNamespace ? { namespace: spec.targetNamespace } : {}),
    ...(spec.namePrefix ? { namePrefix: spec.namePrefix } : {}),
    ...(spec.nameSuffix ? { nameSuffix: spec.nameSuffix } : {}),
    patches: ((spec.patches ?? []) as PatchEntry[]).map(({ patch, target }) => ({ patch, ...(target ? { target } : {}) })),
    images: (spec.images ?? []) as ImageEntry[],
  };
  const built = applyKustomization(toPlain(current), layer, () => {
    throw new Error('Flux Kustomization patches are inline; they cannot name files');
  });
  for (const object of built) {
    setCommonMetadata(object, 'labels', spec.commonMetadata?.labels);
    setCommonMetadata(object, 'annotations', spec.commonMetadata?.annotations);
  }
  return toBuilt(built);
}
