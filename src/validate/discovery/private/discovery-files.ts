import { type Dirent, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type FileProblem, MAX_FILE_BYTES, readProblem, resolveInside } from '../../flux/confined-tree.js';
import { type FluxKustomization, isFluxKustomization } from '../../objects/kube-objects.js';

// How discovery reads a tree: every folder listed and YAML file parsed at most once per
// findClusterEntries call (the state below lives for one call, see withDiscoveryState).

/** The folder `path` names from `base`; undefined when it leaves `base`, is missing or is not a folder. */
export function folderIn(base: string, path: string): string | undefined {
  const target = resolveInside(base, path);
  return target !== 'outside' && target !== 'missing' && statSync(target).isDirectory() ? target : undefined;
}

/** The kustomization file of `dir`, under any of the names kustomize reads; undefined without one. */
export function kustomizationFileIn(dir: string): string | undefined {
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => join(dir, name)).find((path) => existsSync(path));
}

/** Folders discovery never enters. */
export const SKIPPED = new Set(['.git', 'node_modules', '.github']);

/** Files discovery could not read (permissions, alias bombs) during one findClusterEntries call. */
let problems: FileProblem[] | undefined;

/** Records a file or folder discovery could not read, when the error is one a finding names. */
function unread(path: string, error: unknown): void {
  const problem = readProblem(path, error);
  if (problem && !problems?.some((p) => p.path === path)) problems?.push(problem);
}

/** The entries of `dir`; none for a folder this user cannot list (recorded). */
export function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    unread(dir, error);
    return [];
  }
}

/** The documents of one YAML file that are maps or lists; nothing for a file that does not parse or is not a regular file. */
export function yamlObjects(file: string, mustContain?: readonly string[]): object[] {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return [];
    const text = readFileSync(file, 'utf8');
    if (mustContain !== undefined && !mustContain.some((word) => text.includes(word))) return [];
    return parseAllDocuments(text)
      .filter((d) => d.errors.length === 0)
      .map((d) => d.toJS())
      .filter((o: unknown): o is object => typeof o === 'object' && o !== null);
  } catch (error) {
    unread(file, error);
    return [];
  }
}

/** Files parsed during one findClusterEntries call: the sync and layout checks read the same files. */
let parsed: Map<string, FluxKustomization[]> | undefined;
/** What discovery parsed, per token a caller gives again for one unchanged tree (opaque to it: no parsed type leaks out). */
const parsedBy = new WeakMap<object, Map<string, FluxKustomization[]>>();

/** The Flux Kustomizations of one YAML file. Discovery reads every YAML file near the top of a repository; most hold none, and are not parsed. */
export const fluxKustomizations = (file: string): FluxKustomization[] => {
  const known = parsed?.get(file);
  if (known) return known;
  const found = yamlObjects(file, ['kustomize.toolkit.fluxcd.io']).filter(isFluxKustomization);
  parsed?.set(file, found);
  return found;
};

/** YAML files directly in `dir`. */
export function yamlFiles(dir: string): string[] {
  return entriesOf(dir)
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(dir, e.name));
}

/** targetNamespaces' answer per parse cache, while no file was added to it (diff asks once per cluster of one tree). */
const targetsBy = new WeakMap<Map<string, FluxKustomization[]>, { readonly repo: string; readonly files: number; readonly targets: Map<string, string | undefined> }>();

/** Each folder a Flux Kustomization of the walked files builds (its spec.path from the repository root), with its targetNamespace. */
export function targetNamespaces(repo: string): Map<string, string | undefined> {
  const files = parsed ?? new Map<string, FluxKustomization[]>();
  const known = targetsBy.get(files);
  if (known && known.repo === repo && known.files === files.size) return known.targets;
  const out = new Map<string, string | undefined>();
  targetsBy.set(files, { repo, files: files.size, targets: out });
  for (const ks of [...files.values()].flat()) {
    const dir = typeof ks.spec?.path === 'string' ? resolveInside(repo, ks.spec.path) : 'missing';
    if (dir === 'outside' || dir === 'missing') continue;
    const target = typeof ks.spec?.targetNamespace === 'string' ? ks.spec.targetNamespace : undefined;
    if (!out.get(dir)) out.set(dir, target);
  }
  return out;
}

/** ownKustomizations' answers during one findClusterEntries call (merging entries and marking the unapplied both ask). */
let ownBy: Map<string, FluxKustomization[]> | undefined;

/** The Flux Kustomizations in `dir` and the folders below it (as deep as holdsFluxKustomization looks). */
export function ownKustomizations(dir: string, depth = 0): FluxKustomization[] {
  if (depth > 3) return [];
  const known = depth === 0 ? ownBy?.get(dir) : undefined;
  if (known) return known;
  const found = entriesOf(dir).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isFile() && /\.ya?ml$/.test(entry.name)) return fluxKustomizations(path);
    return entry.isDirectory() && !SKIPPED.has(entry.name) ? ownKustomizations(path, depth + 1) : [];
  });
  if (depth === 0) ownBy?.set(dir, found);
  return found;
}

/**
 * Runs one discovery with its state: `parsedFiles`, given again for one tree whose files do not
 * change, keeps each file's parse for all calls; `unreadable` collects what could not be read.
 */
export function withDiscoveryState<T>(parsedFiles: object, unreadable: FileProblem[] | undefined, run: () => T): T {
  parsed = parsedBy.get(parsedFiles) ?? new Map();
  parsedBy.set(parsedFiles, parsed);
  problems = unreadable;
  ownBy = new Map();
  try {
    return run();
  } finally {
    parsed = undefined;
    problems = undefined;
    ownBy = undefined;
  }
}
