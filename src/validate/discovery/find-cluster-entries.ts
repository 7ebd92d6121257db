import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { type FileProblem, isInside, repoPath, resolveInside } from '../flux/confined-tree.js';
import { listOf } from '../objects/kube-objects.js';
import { fieldAt } from '../objects/index.js';
import { SKIPPED, entriesOf, fluxKustomizations, folderIn, kustomizationFileIn, ownKustomizations, targetNamespaces, withDiscoveryState, yamlFiles, yamlObjects } from './private/discovery-files.js';
import { type FoundEntry, type FoundInstance, instanceEntry, instanceSyncs } from './private/instance-entries.js';

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
   * Kustomization (both named `spec.sync.name`, else after its namespace) that bootstrap would
   * have written.
   */
  readonly instance?: { readonly namespace: string; readonly name: string; readonly path: string; readonly url?: string };
  /**
   * Set when nothing of this entry can be applied as written: every Flux Kustomization in its
   * folder that builds from its own source names a path that source does not hold (a template
   * with a `cluster-name` placeholder, a retired cluster moved under archive/): the paths, as
   * written, and whether it is `alone` (no other entry of the discovery builds).
   */
  readonly unapplied?: { readonly paths: readonly string[]; readonly alone: boolean };
}

/** What discovery looks for, for the "nothing found" message. */
export const ENTRY_RULES = [
  'a flux-system/ folder (gotk-sync.yaml, or a kustomization.yaml listing the sync)',
  'a Flux Kustomization named flux-system (its spec.path)',
  'clusters/<name>/ or kubernetes/clusters/<name>/ holding Flux Kustomizations',
  'flux/cluster/ or flux/config/ holding Flux Kustomizations (single-cluster home-ops layouts)',
  "a flux-operator FluxInstance's spec.sync (or the flux-instance chart's instance.sync values)",
  'a KSail cluster config (ksail.yaml) whose GitOps engine is Flux',
];

const MAX_DEPTH = 8;

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
  const resources = file ? listOf(fieldAt(yamlObjects(file)[0], 'resources')) : [];
  return resources.some((r) => typeof r === 'string' && (basename(r) === 'gotk-sync.yaml' || fluxKustomizations(join(dir, r)).some((o) => o.metadata?.name === 'flux-system')));
}

/**
 * The folder `path` names from the root of the source holding `dir`: from the repository root,
 * else from the nearest folder above `dir` where it is a folder (a repository holding several Git
 * repositories in folders, each with its own sync). The root is returned when not the repository's.
 */
function fromSourceRoot(repo: string, dir: string, path: string): { dir: string; root?: string } | undefined {
  const top = folderIn(repo, path);
  if (top) return { dir: top };
  for (let root = dirname(dir); isInside(repo, root) && root !== resolve(repo); root = dirname(root)) {
    const target = folderIn(root, path);
    if (target) return { dir: target, root };
  }
  return undefined;
}

/** The entry a flux-system sync found in `dir` points at, with the source it syncs from. */
function syncEntry(repo: string, dir: string): { dir: string; syncSource?: string; syncRoot?: string } | undefined {
  const inFluxSystem = basename(dir) === 'flux-system';
  const sync = yamlFiles(dir)
    .flatMap(fluxKustomizations)
    .find((o) => o.metadata?.name === 'flux-system');
  const marker = inFluxSystem && (existsSync(join(dir, 'gotk-sync.yaml')) || listsSync(dir));
  if (!sync && !marker) return undefined;
  const ref = sync?.spec?.sourceRef;
  const syncSource = ref?.kind === 'GitRepository' && ref.name ? `${ref.namespace ?? sync?.metadata?.namespace ?? 'default'}/${ref.name}` : undefined;
  const target = typeof sync?.spec?.path === 'string' ? fromSourceRoot(repo, dir, sync.spec.path) : undefined;
  const entryDir = target?.dir ?? (inFluxSystem ? dirname(dir) : dir);
  return { dir: entryDir, ...(syncSource ? { syncSource } : {}), ...(target?.root ? { syncRoot: target.root } : {}) };
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
 * in silence. `parsedFiles`, given again to calls on one tree whose files do not change, parses
 * each file once for all of them (diff discovers a tree, then each cluster's own folder).
 */
export function findClusterEntries(repo: string, under = repo, unreadable?: FileProblem[], parsedFiles: object = {}): ClusterEntry[] {
  return withDiscoveryState(parsedFiles, unreadable, () => findEntries(repo, under));
}

function findEntries(repo: string, under: string): ClusterEntry[] {
  const found = new Map<string, FoundEntry>();
  const instances: FoundInstance[] = [];
  const walk = (dir: string, depth: number): void => {
    const sync = syncEntry(repo, dir);
    for (const file of yamlFiles(dir)) instances.push(...instanceSyncs(file).map((s) => ({ dir, sync: s })));
    if (sync && isInside(repo, sync.dir)) found.set(sync.dir, sync);
    else if (!found.has(dir) && conventional(repo, dir) && holdsFluxKustomization(dir)) found.set(dir, { dir });
    if (depth >= MAX_DEPTH) return;
    for (const entry of entriesOf(dir)) {
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(join(dir, entry.name), depth + 1);
    }
  };
  walk(resolve(under), 0);
  // A FluxInstance's namespace may come from the Flux Kustomization that applies its folder, read anywhere in the walk.
  const targets = targetNamespaces(repo);
  for (const instance of instances) {
    const entry = instanceEntry(repo, instance, targets);
    const known = entry && found.get(entry.dir);
    if (entry && !known?.syncSource) found.set(entry.dir, { ...known, ...entry });
  }
  const entries = oneEntryPerCluster(repo, [...found.values()]);
  const paths = new Map(entries.map((entry) => [entry, unappliedPaths(repo, entry)]));
  // Judged over every entry found, not over those a run then picks (--cluster, a shard).
  const alone = entries.every((entry) => paths.get(entry));
  return nameEntries(
    repo,
    entries.map((entry) => {
      const unapplied = paths.get(entry);
      return unapplied ? { ...entry, unapplied: { paths: unapplied, alone } } : entry;
    }),
  );
}

/**
 * The paths of an entry that no Flux applies as it is written (undefined for any other): none of
 * its own Flux Kustomizations (those reading its source: its GitRepository, flux-system by
 * default) names a folder of that source, and the folder shows why. Either it is a template (its flux-system sync names a path
 * that exists nowhere, a `cluster-name` placeholder: bootstrap always names the cluster's own
 * folder), or a copy moved below another folder (its paths exist from a folder above it, such as
 * archive/). A live cluster with a mistyped path is neither, and keeps its path-missing errors.
 */
function unappliedPaths(repo: string, entry: FoundEntry): string[] | undefined {
  const source = (entry.syncSource ?? 'flux-system/flux-system').split('/')[1];
  if ((entry.syncKind ?? 'GitRepository') !== 'GitRepository') return undefined;
  const root = entry.syncRoot ?? repo;
  const own = ownKustomizations(entry.dir).filter((ks) => ks.spec?.sourceRef?.kind === 'GitRepository' && ks.spec.sourceRef.name === source);
  const paths = own.map((ks) => ks.spec?.path);
  if (paths.length === 0 || !paths.every((path): path is string => typeof path === 'string')) return undefined;
  if (paths.some((path) => folderIn(root, path))) return undefined;
  const above: string[] = [];
  for (let dir = dirname(entry.dir); isInside(root, dir) && dir !== resolve(root); dir = dirname(dir)) above.push(dir);
  const syncPath = own.find((ks) => ks.metadata?.name === 'flux-system')?.spec?.path;
  const template = typeof syncPath === 'string' && !above.some((dir) => folderIn(dir, syncPath));
  const moved = paths.some((path) => above.some((dir) => folderIn(dir, path)));
  return template || moved ? [...new Set(paths)] : undefined;
}

/**
 * One entry per cluster: an entry whose folder another entry's tree applies is that cluster
 * (a FluxInstance syncing kubernetes/flux/cluster while kubernetes/flux/config, applied by hand,
 * builds ./kubernetes/flux). Another entry's tree applies a folder when it is below that entry's
 * folder, or below the path of a Flux Kustomization there building from a GitRepository (this
 * repository; other sources hold other files). Of two entries applying each other, the outer one
 * stays; the one kept takes the other's sync when it has none of its own.
 */
function oneEntryPerCluster(repo: string, entries: FoundEntry[]): FoundEntry[] {
  const below = (dir: string, ancestor: string) => dir === ancestor || dir.startsWith(`${ancestor}/`);
  const applied = new Map(
    entries.map((e) => [
      e.dir,
      [
        ...ownKustomizations(e.dir).flatMap((ks) => {
          const path = ks.spec?.path;
          const dir = typeof path === 'string' && (ks.spec?.sourceRef?.kind ?? 'GitRepository') === 'GitRepository' ? resolveInside(repo, path) : 'missing';
          return dir === 'outside' || dir === 'missing' ? [] : [dir];
        }),
        ...builtFolders(repo, e.dir),
      ],
    ]),
  );
  const covers = (a: FoundEntry, b: FoundEntry) => a !== b && (below(b.dir, a.dir) || applied.get(a.dir)!.some((path) => below(b.dir, path)));
  // Who covers whom, found through each folder's ancestors rather than by comparing every pair
  // (a fleet of a thousand clusters made that a million comparisons per discovery).
  const byFolder = new Map<string, FoundEntry[]>();
  for (const a of entries)
    for (const folder of new Set([a.dir, ...applied.get(a.dir)!])) {
      const list = byFolder.get(folder) ?? [];
      list.push(a);
      byFolder.set(folder, list);
    }
  const order = new Map(entries.map((e, i) => [e, i]));
  const coverersOf = new Map<FoundEntry, FoundEntry[]>();
  const coveredBy = new Map<FoundEntry, FoundEntry[]>();
  for (const b of entries) {
    const found = new Set<FoundEntry>();
    for (let dir = b.dir; ; dir = dirname(dir)) {
      for (const a of byFolder.get(dir) ?? []) if (a !== b) found.add(a);
      if (dirname(dir) === dir) break;
    }
    const coverers = [...found].sort((x, y) => order.get(x)! - order.get(y)!);
    coverersOf.set(b, coverers);
    for (const a of coverers) {
      const list = coveredBy.get(a) ?? [];
      list.push(b);
      coveredBy.set(a, list);
    }
  }
  const kept = entries.filter((b) => !coverersOf.get(b)!.some((a) => !covers(b, a) || a.dir.length < b.dir.length));
  return kept.map((a) => {
    if (a.syncSource) return a;
    const merged = (coveredBy.get(a) ?? []).find((b) => b.syncSource);
    return merged ? { ...merged, dir: a.dir } : a;
  });
}

/**
 * The folders the kustomization.yaml of `dir` builds in as its own (its `resources` and
 * `components` that are folders of the repository): an overlay's base (clusters/local listing
 * ../base) is part of that cluster, not a cluster of its own.
 */
function builtFolders(repo: string, dir: string): string[] {
  const file = kustomizationFileIn(dir);
  if (!file) return [];
  const object = yamlObjects(file)[0];
  return [...listOf(fieldAt(object, 'resources')), ...listOf(fieldAt(object, 'components'))].flatMap((entry) => {
    const target = typeof entry === 'string' && !isAbsolute(entry) ? folderIn(repo, relative(repo, resolve(dir, entry))) : undefined;
    return target ? [target] : [];
  });
}

/** Names entries; clusters that would share a name are named by their repository path instead. */
export function nameEntries(repo: string, entries: ReadonlyArray<FoundEntry>): ClusterEntry[] {
  const named = entries.map((e) => ({ ...e, name: clusterName(repo, e.dir) }));
  const counts = new Map<string, number>();
  for (const { name } of named) counts.set(name, (counts.get(name) ?? 0) + 1);
  return named.map((e) => (counts.get(e.name)! > 1 ? { ...e, name: repoPath(repo, e.dir) } : e)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
