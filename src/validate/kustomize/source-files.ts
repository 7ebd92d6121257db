import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BuildError } from './build-error.js';
import type { ConfinedFiles } from './confined-files.js';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((name) => join(dir, name)).find((file) => existsSync(file));
}

/** A `resources` entry kustomize would fetch over the network, which an offline build cannot. */
export function isRemote(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || entry.includes('?ref=') || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry);
}

/** Fields holding a path, or a list of paths, to a file or folder kustomize reads. */
const PATH_LISTS = ['resources', 'components', 'crds', 'configurations', 'generators', 'transformers', 'validators', 'patchesStrategicMerge'];

/** What a folder's sources define (kind/name to the file), gathered while checking every path it names. */
export interface SourceIndex {
  readonly byKindName: Map<string, string | null>;
}

/**
 * Walks a kustomization tree the way kustomize will read it, without building it: every path it
 * names must stay inside the repository (before real kustomize, which would follow it anywhere,
 * gets to run), and each object the resource files define is indexed to the file defining it.
 */
export function indexSources(dir: string, files: ConfinedFiles, index: SourceIndex = { byKindName: new Map() }, visiting = new Set<string>()): SourceIndex {
  if (visiting.has(dir)) throw new BuildError(`kustomization cycle through ${files.rel(dir)}`, files.rel(dir), 'build-cycle');
  visiting.add(dir);
  const from = kustomizationFile(dir);
  if (!from) throw new BuildError('no kustomization file', files.rel(dir), 'build-missing-resource');
  const spec = (files.readYaml(dir, basename(from), from)[0] ?? {}) as Record<string, any>;
  const paths: string[] = [];
  for (const field of PATH_LISTS) paths.push(...asList(spec[field]).filter((item): item is string => typeof item === 'string' && !item.includes('\n')));
  for (const field of ['patches', 'patchesJson6902'])
    paths.push(
      ...asList(spec[field])
        .map((patch) => patch?.path)
        .filter((p): p is string => typeof p === 'string'),
    );
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    for (const args of asList(spec[field])) {
      if (typeof args?.name === 'string') record(index, `${field === 'secretGenerator' ? 'Secret' : 'ConfigMap'}/${args.name}`, files.rel(from));
      paths.push(...asList(args?.envs), ...asList(args?.files).map((source) => String(source).split('=').at(-1)!));
      if (typeof args?.env === 'string') paths.push(args.env);
    }
  }
  const resources = new Set(asList(spec.resources).concat(asList(spec.components)));
  for (const path of paths) {
    if (isRemote(path)) throw new BuildError(`remote resource "${path}" cannot be built offline`, files.rel(from), 'build-unsupported');
    const real = files.resolve(dir, path, from);
    if (files.isDirectory(real, path, from)) {
      if (resources.has(path)) indexSources(join(dir, path), files, index, visiting);
    } else if (resources.has(path)) {
      for (const object of files.readYaml(dir, path, from)) {
        if (object && typeof object === 'object' && (object as any).kind) record(index, `${(object as any).kind}/${(object as any).metadata?.name}`, files.rel(join(dir, path)));
      }
    }
  }
  visiting.delete(dir);
  return index;
}

function record(index: SourceIndex, key: string, file: string): void {
  const known = index.byKindName.get(key);
  // Two files defining the same kind/name leave the object attributed to its kustomization.
  index.byKindName.set(key, known === undefined || known === file ? file : null);
}

function asList(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The file that defined `object`: by kind/name, else by a unique source name its built name contains. */
export function sourceFile(object: Record<string, any>, index: SourceIndex): string | undefined {
  const exact = index.byKindName.get(`${object.kind}/${object.metadata?.name}`);
  if (exact !== undefined) return exact ?? undefined;
  const name = String(object.metadata?.name ?? '');
  const within = [...index.byKindName].filter(([key, file]) => file && key.startsWith(`${object.kind}/`) && name.includes(key.slice(object.kind.length + 1)));
  const longest = within.sort(([a], [b]) => b.length - a.length);
  if (longest.length === 1 || (longest.length > 1 && longest[0]![0].length > longest[1]![0].length)) return longest[0]![1]!;
  return undefined;
}
