import { type Dirent, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type FileProblem, MAX_FILE_BYTES, isInside, readProblem, repoPath, resolveInside } from '../flux/confined-tree.js';
import { type FluxKustomization, isFluxKustomization } from '../objects/kube-objects.js';

/** Where one cluster's Flux tree starts: the directory its flux-system sync (or bootstrap) applies. */
export interface ClusterEntry {
  readonly name: string;
  /** Absolute path of the entry directory. */
  readonly dir: string;
  /** The source the entry's sync builds from (`namespace/name`), when it names one. */
  readonly syncSource?: string;
  /** The kind of that source. @default GitRepository */
  readonly syncKind?: string;
  /** The folder that source's artifact holds (absolute). @default the repository root */
  readonly syncRoot?: string;
  /**
   * Set when a flux-operator FluxInstance is the entry: it creates the source and the
   * Kustomization (both named after its namespace) that bootstrap would have written.
   */
  readonly instance?: { readonly namespace: string; readonly path: string; readonly url?: string };
}

/** What discovery looks for, for the "nothing found" message. */
export const ENTRY_RULES = [
  'a flux-system/ folder (gotk-sync.yaml, or a kustomization.yaml listing the sync)',
  'a Flux Kustomization named flux-system (its spec.path)',
  'clusters/<name>/ or kubernetes/clusters/<name>/ holding Flux Kustomizations',
  'flux/cluster/ or flux/config/ holding Flux Kustomizations (single-cluster home-ops layouts)',
  "a flux-operator FluxInstance's spec.sync (or the flux-instance chart's instance.sync values)",
];

const MAX_DEPTH = 8;
const SKIPPED = new Set(['.git', 'node_modules', '.github']);

/** Files discovery could not read (permissions, alias bombs) during one findClusterEntries call. */
let problems: FileProblem[] | undefined;

/** Records a file or folder discovery could not read, when the error is one a finding names. */
function unread(path: string, error: unknown): void {
  const problem = readProblem(path, error);
  if (problem && !problems?.some((p) => p.path === path)) problems?.push(problem);
}

/** The entries of `dir`; none for a folder this user cannot list (recorded). */
function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    unread(dir, error);
    return [];
  }
}

/** The objects of one YAML file; nothing for a file that does not parse or is not a regular file. */
function yamlObjects(file: string, mustContain?: string): Record<string, any>[] {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return [];
    const text = readFileSync(file, 'utf8');
    if (mustContain !== undefined && !text.includes(mustContain)) return [];
    return parseAllDocuments(text)
      .filter((d) => d.errors.length === 0)
      .map((d) => d.toJS())
      .filter((o) => o && typeof o === 'object');
  } catch (error) {
    unread(file, error);
    return [];
  }
}

/** Files parsed during one findClusterEntries call: the sync and layout checks read the same files. */
let parsed: Map<string, FluxKustomization[]> | undefined;

/** The Flux Kustomizations of one YAML file. Discovery reads every YAML file near the top of a repository; most hold none, and are not parsed. */
const fluxKustomizations = (file: string): FluxKustomization[] => {
  const known = parsed?.get(file);
  if (known) return known;
  const found = yamlObjects(file, 'kustomize.toolkit.fluxcd.io').filter(isFluxKustomization);
  parsed?.set(file, found);
  return found;
};

/** YAML files directly in `dir`. */
function yamlFiles(dir: string): string[] {
  return entriesOf(dir)
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(dir, e.name));
}

/** True when `dir` (or a folder below it) holds a Flux Kustomization. */
function holdsFluxKustomization(dir: string, depth = 0): boolean {
  if (depth > 3) return false;
  for (const entry of entriesOf(dir)) {
    const path = join(dir, entry.name);
    if (entry.isFile() && /\.ya?ml$/.test(entry.name) && fluxKustomizations(path).length > 0) return true;
    if (entry.isDirectory() && !SKIPPED.has(entry.name) && holdsFluxKustomization(path, depth + 1)) return true;
  }
  return false;
}

/** True when a flux-system folder's kustomization.yaml lists the sync (gotk-sync.yaml or a file defining the flux-system Kustomization). */
function listsSync(dir: string): boolean {
  const file = ['kustomization.yaml', 'kustomization.yml'].map((name) => join(dir, name)).find((path) => existsSync(path));
  const resources: unknown[] = file ? (yamlObjects(file)[0]?.resources ?? []) : [];
  return resources.some((r) => typeof r === 'string' && (basename(r) === 'gotk-sync.yaml' || fluxKustomizations(join(dir, r)).some((o) => o.metadata?.name === 'flux-system')));
}

/** The entry a flux-system sync found in `dir` points at, with the source it syncs from. */
function syncEntry(repo: string, dir: string): { dir: string; syncSource?: string } | undefined {
  const inFluxSystem = basename(dir) === 'flux-system';
  const sync = yamlFiles(dir)
    .flatMap(fluxKustomizations)
    .find((o) => o.metadata?.name === 'flux-system');
  const marker = inFluxSystem && (existsSync(join(dir, 'gotk-sync.yaml')) || listsSync(dir));
  if (!sync && !marker) return undefined;
  const ref = sync?.spec?.sourceRef;
  const syncSource = ref?.kind === 'GitRepository' && ref.name ? `${ref.namespace ?? sync?.metadata?.namespace ?? 'default'}/${ref.name}` : undefined;
  const target = typeof sync?.spec?.path === 'string' ? resolveInside(repo, sync.spec.path) : 'missing';
  const entryDir = target !== 'outside' && target !== 'missing' ? target : inFluxSystem ? dirname(dir) : dir;
  return { dir: entryDir, ...(syncSource ? { syncSource } : {}) };
}

type FoundEntry = Omit<ClusterEntry, 'name'>;

/** The `spec.sync` of a FluxInstance, of a HelmRelease of the flux-instance chart, or of that chart's values file, with the namespace Flux runs in. */
function instanceSyncs(file: string): Array<{ sync: Record<string, unknown>; namespace: string }> {
  const out: Array<{ sync: Record<string, unknown>; namespace: string }> = [];
  for (const o of yamlObjects(file, 'sync')) {
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (o.kind === 'FluxInstance' && String(o.apiVersion).startsWith('fluxcd.controlplane.io/') && isObject(o.spec?.sync)) {
      out.push({ sync: o.spec.sync, namespace: o.metadata?.namespace ?? 'flux-system' });
    } else if (o.kind === 'HelmRelease' && isObject(o.spec?.values?.instance?.sync)) {
      out.push({ sync: o.spec.values.instance.sync, namespace: o.spec.targetNamespace ?? o.metadata?.namespace ?? 'flux-system' });
    } else if (o.kind === undefined && isObject(o.instance?.sync)) {
      // The flux-instance chart's values file: the release's namespace is unknown here; flux-system is the chart's convention.
      out.push({ sync: o.instance.sync, namespace: 'flux-system' });
    }
  }
  return out;
}

/**
 * The entries FluxInstances found in `dir` sync. The sync path is relative to the source's
 * root, which for an OCI artifact is whatever folder CI pushed: the nearest folder at or above
 * the instance's file (inside the repository) where that path is a folder.
 */
function instanceEntries(repo: string, dir: string): FoundEntry[] {
  const out: FoundEntry[] = [];
  for (const file of yamlFiles(dir)) {
    for (const { sync, namespace } of instanceSyncs(file)) {
      const path = typeof sync.path === 'string' && sync.path !== '' ? sync.path : '.';
      for (let root = dir; isInside(repo, root); root = dirname(root)) {
        const target = resolveInside(root, path);
        if (target !== 'outside' && target !== 'missing' && statSync(target).isDirectory()) {
          const kind = typeof sync.kind === 'string' ? sync.kind : 'GitRepository';
          out.push({ dir: target, syncSource: `${namespace}/${namespace}`, syncKind: kind, syncRoot: root, instance: { namespace, path, ...(typeof sync.url === 'string' ? { url: sync.url } : {}) } });
          break;
        }
        if (root === resolve(repo)) break;
      }
    }
  }
  return out;
}

/** A conventional cluster folder by its path: clusters/<c>, kubernetes/clusters/<c>, flux/cluster, flux/config. */
function conventional(repo: string, dir: string): boolean {
  const parts = repoPath(repo, dir).split('/');
  const [parent, self] = [parts.at(-2), parts.at(-1)];
  return parent === 'clusters' || (parent === 'flux' && (self === 'cluster' || self === 'config'));
}

/**
 * The cluster's name, from the repository's own folders only (never the checkout's folder name,
 * so a git base and the work tree agree): the entry folder's name; for `<x>/flux/cluster` (or
 * `flux/config`) the folder holding `flux/` (`kubernetes/main/flux/config` is `main`), and when
 * that is the generic `kubernetes` folder or the repository root, the entry folder's own name
 * (`kubernetes/flux/cluster` is `cluster`).
 */
export function clusterName(repo: string, dir: string): string {
  const self = basename(dir);
  if (basename(dirname(dir)) !== 'flux' || (self !== 'cluster' && self !== 'config')) return self;
  const holder = dirname(dirname(dir));
  return holder === resolve(repo) || basename(holder) === 'kubernetes' ? self : basename(holder);
}

/**
 * Finds cluster entry points below `under` (default: the repository): flux-system syncs,
 * FluxInstance syncs and the conventional layouts; a folder found several ways (or by several
 * files) is one cluster and keeps what its sync says (its source). Files and folders it could
 * not read (permissions, YAML alias bombs) go to `unreadable`: a cluster they hide is not missed
 * in silence.
 */
export function findClusterEntries(repo: string, under = repo, unreadable?: FileProblem[]): ClusterEntry[] {
  parsed = new Map();
  problems = unreadable;
  try {
    return findEntries(repo, under);
  } finally {
    parsed = undefined;
    problems = undefined;
  }
}

function findEntries(repo: string, under: string): ClusterEntry[] {
  const found = new Map<string, FoundEntry>();
  const walk = (dir: string, depth: number): void => {
    const sync = syncEntry(repo, dir);
    for (const entry of instanceEntries(repo, dir)) if (!found.get(entry.dir)?.syncSource) found.set(entry.dir, entry);
    if (sync && isInside(repo, sync.dir)) found.set(sync.dir, sync);
    else if (!found.has(dir) && conventional(repo, dir) && holdsFluxKustomization(dir)) found.set(dir, { dir });
    if (depth >= MAX_DEPTH) return;
    for (const entry of entriesOf(dir)) {
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(join(dir, entry.name), depth + 1);
    }
  };
  walk(resolve(under), 0);
  return nameEntries(repo, [...found.values()]);
}

/** Names entries; clusters that would share a name are named by their repository path instead. */
export function nameEntries(repo: string, entries: ReadonlyArray<FoundEntry>): ClusterEntry[] {
  const named = entries.map((e) => ({ ...e, name: clusterName(repo, e.dir) }));
  const count = (name: string) => named.filter((e) => e.name === name).length;
  return named.map((e) => (count(e.name) > 1 ? { ...e, name: repoPath(repo, e.dir) } : e)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
