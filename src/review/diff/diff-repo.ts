// The one module needed, not the package's index (19 modules).
import { createTwoFilesPatch } from 'diff/lib/patch/create.js';
import { existsSync, realpathSync } from 'node:fs';
import { join, posix } from 'node:path';
import { Engine } from '../../engine/index.js';
import type { ClusterReport, HelmRenderOptions, ValidationReport } from '../../validate/index.js';
import { validateEntries } from '../../validate/validate-repo.js';
import { type ClusterEntry, findClusterEntries } from '../../validate/discovery/find-cluster-entries.js';
import { repoPath } from '../../validate/flux/confined-tree.js';
import { type ClusterInputs, InputFinder, touches } from './cluster-inputs.js';
import { type BaseRef, type BaseTree, changedFiles, checkoutBase, GitBaseError, openCheckout, resolveBase } from './git-base.js';
import { type ObjectRef, objectRef, objectYaml, redactSecrets, refLabel } from './object-yaml.js';
import { SharedBuilds } from './shared-builds.js';

export interface ChangedObject extends ObjectRef {
  /** Unified diff of the object's YAML (keys sorted, Secret values redacted), base to working tree. */
  readonly diff: string;
}

export interface ClusterDiff {
  readonly name: string;
  /** The cluster's entry folder (repository-relative): its identity at the base and in the working tree. */
  readonly path: string;
  /** `added`/`removed`: the whole cluster is new or gone; `changed`: some objects differ. */
  readonly status: 'added' | 'removed' | 'changed';
  readonly added: readonly ObjectRef[];
  readonly removed: readonly ObjectRef[];
  readonly changed: readonly ChangedObject[];
}

export interface DiffReport {
  readonly base: BaseRef;
  /** Clusters whose rendered objects differ, by name. */
  readonly clusters: readonly ClusterDiff[];
  /** Clusters rendered identically (or whose inputs no changed file touches), by name. */
  readonly unchanged: readonly string[];
}

export interface DiffOptions {
  /** The GitOps repository (or a directory of it holding kubernetes/). @default process.cwd() */
  readonly repo?: string;
  /** Base ref. @default merge base with the default branch, or HEAD on it */
  readonly base?: string;
  /** Only this cluster. @default every cluster */
  readonly cluster?: string;
  /** Where the base's copy is made (in a folder of its own, removed after). @default os.tmpdir() */
  readonly tempDir?: string;
  /** Render HelmReleases with Helm on both sides (`diff --helm`), so a chart bump's objects are compared. @default off */
  readonly helm?: HelmRenderOptions;
}

/** `--cluster` names no cluster of the working tree or the base. */
export class UnknownClusterError extends GitBaseError {}

/** A file a render needs cannot be used (unreadable, a YAML alias bomb): no honest diff exists. */
export class DiffInputError extends Error {}

/** Finding codes for a file a render could not use: its objects are missing from that side. */
const UNUSABLE = new Set(['file-unreadable', 'yaml-aliases-excessive']);

/** A side's clusters, refused when a file its render needs could not be read. */
function refuseUnusable(report: ValidationReport, side: string): readonly ClusterReport[] {
  const unusable = report.findings.find((f) => UNUSABLE.has(f.code));
  if (unusable) throw new DiffInputError(`${side}: ${unusable.message} [${unusable.code}]\n  fix: ${unusable.fix}`);
  return report.clusters;
}

/**
 * Renders the clusters whose inputs changed at the base and in the working tree and reports the
 * objects that differ. One engine serves both trees. Every render awaits the engine, so SIGINT and
 * SIGTERM are handled (the base's copy removed) within one cluster's render.
 */
export async function diffRepo(options: DiffOptions = {}): Promise<DiffReport> {
  const engine = new SharedBuilds();
  try {
    return await diffWith(engine, options);
  } finally {
    await engine.close();
  }
}

/** How each tree is rendered: the run's one engine, and Helm's rendering with --helm. */
interface RenderWith {
  readonly engine: Engine;
  readonly helm?: HelmRenderOptions;
}

/** Lets a pending signal be handled between the steps that take long. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

interface Entry {
  readonly name: string;
  /** Repository-relative entry folder. */
  readonly path: string;
  /** The entry, as discovery found it (its folder and the source its sync names). */
  readonly dir: string;
  readonly syncSource?: string;
}

const asEntries = (dir: string, found: readonly ClusterEntry[]): Entry[] =>
  found.map((e) => ({ name: e.name, path: repoPath(dir, e.dir), dir: e.dir, ...(e.syncSource !== undefined ? { syncSource: e.syncSource } : {}) }));

/** Files every build may read whatever the cluster: .sourceignore rules and the answers. */
const ALWAYS = (path: string) => posix.basename(path) === '.sourceignore' || path === '.yo-rc.json';

/**
 * Whether any of `inputs` reads `path`: one of its files, or below one of its folders (each
 * `''` or ending in `/`, so one of the path's own prefixes). Looked up by the path's prefixes,
 * not input by input: a change every cluster reads has thousands of inputs and files.
 */
function coveredBy(inputs: readonly ClusterInputs[]): (path: string) => boolean {
  const files = new Set(inputs.flatMap((i) => [...i.files]));
  const dirs = new Set(inputs.flatMap((i) => i.dirs));
  return (path) => {
    if (files.has(path) || dirs.has('')) return true;
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) if (dirs.has(path.slice(0, slash + 1))) return true;
    return false;
  };
}

async function diffWith(engine: Engine, options: DiffOptions): Promise<DiffReport> {
  const checkout = openCheckout(options.repo ?? process.cwd());
  const base = resolveBase(checkout, options.base);
  const changed = changedFiles(checkout, base.commit);
  // The engine starts (a Go process loading its libraries) while the trees are read; a failed
  // start is reported by the first build that needs it.
  if (changed.length > 0) engine.request('ping', {}).catch(() => undefined);
  const wanted = (e: Entry) => options.cluster === undefined || options.cluster === e.name;
  // A .sourceignore decides what every build sees.
  const everything = changed.some((file) => posix.basename(file) === '.sourceignore');
  const headParsed: ParsedFiles = {};
  const headFound = findClusterEntries(checkout.repo, checkout.repo, undefined, headParsed);
  const headEntries = asEntries(checkout.repo, headFound);
  const headFinder = new InputFinder(checkout.repo);
  const headInputs = new Map(changed.length === 0 ? [] : headEntries.map((e) => [e.path, headFinder.inputsOf(e.path)]));
  const hits = (inputs: ClusterInputs | undefined) => inputs !== undefined && (everything || changed.some((file) => touches(inputs, file)));
  const headTouched = new Set(headEntries.filter((e) => wanted(e) && hits(headInputs.get(e.path))).map((e) => e.path));
  // A changed file no cluster of the working tree reads may be one only the base read (a
  // removed cluster, a deleted file): then the whole base is looked at.
  const unclaimed = changed.some((file) => ![...headInputs.values()].some((inputs) => touches(inputs, file)));
  const unknownHere = options.cluster !== undefined && !headEntries.some(wanted);
  let baseTree: BaseTree | undefined;
  try {
    let baseEntries: Entry[] | undefined;
    let baseFound: ClusterEntry[] | undefined;
    const baseParsed: ParsedFiles = {};
    let baseTouched = new Set<string>();
    if (unclaimed || unknownHere) {
      baseTree = checkoutBase(checkout, base.commit, options.tempDir);
      await turn();
      const baseDir = realpathSync(baseTree.dir);
      baseFound = findClusterEntries(baseDir, baseDir, undefined, baseParsed);
      baseEntries = asEntries(baseDir, baseFound);
      const baseFinder = new InputFinder(baseDir);
      baseTouched = changed.length === 0 ? new Set() : new Set(baseEntries.filter((e) => wanted(e) && hits(baseFinder.inputsOf(e.path))).map((e) => e.path));
    } else if (headTouched.size > 0) {
      // Only what the touched clusters read, grown until the base's own references are in.
      let inputs = [...headTouched].map((path) => headInputs.get(path)!);
      const first = coveredBy(inputs);
      baseTree = checkoutBase(checkout, base.commit, options.tempDir, (path) => ALWAYS(path) || first(path));
      for (let round = 0; round < 16; round++) {
        const baseFinder = new InputFinder(baseTree.dir);
        inputs = [...headTouched].map((path) => baseFinder.inputsOf(path));
        if (inputs.some((i) => i.wide)) inputs = [{ dirs: [''], files: new Set(), wide: true }];
        if (baseTree.addFiles(coveredBy(inputs)) === 0) break;
      }
      await turn();
    }
    if (unknownHere && !baseEntries!.some(wanted)) {
      const names = [...new Set([...headEntries, ...baseEntries!].map((e) => e.name))].sort();
      const listed = names.length > 20 ? `${names.slice(0, 20).join(', ')}, … (${names.length})` : names.join(', ') || 'none';
      throw new UnknownClusterError(`no cluster ${JSON.stringify(options.cluster!.slice(0, 60))}; the clusters are: ${listed}`);
    }
    const paths = new Set([...headTouched, ...baseTouched]);
    const render = { engine, ...(options.helm ? { helm: options.helm } : {}) };
    const after = await renderClusters(render, { dir: checkout.repo, found: () => headFound, parsed: headParsed }, headEntries, paths, 'the working tree');
    const baseDir = baseTree && realpathSync(baseTree.dir);
    // Without the base's discovery, a touched cluster is at the base when its folder is.
    const atBase = baseEntries ?? headEntries.filter((e) => baseDir !== undefined && existsSync(join(baseDir, e.path)));
    const before =
      baseDir !== undefined
        ? await renderClusters(
            render,
            { dir: baseDir, found: () => (baseFound ??= findClusterEntries(baseDir, baseDir, undefined, baseParsed)), parsed: baseParsed },
            atBase,
            paths,
            `the base, ${base.label}`,
          )
        : new Map<string, ClusterReport>();
    const nameOf = (path: string) => headEntries.find((e) => e.path === path)?.name ?? baseEntries?.find((e) => e.path === path)?.name ?? path;
    const diffs: ClusterDiff[] = [];
    const unchanged = new Set(headEntries.filter((e) => wanted(e) && !paths.has(e.path)).map((e) => e.name));
    for (const path of paths) {
      const result = compareCluster(nameOf(path), path, before.get(path), after.get(path));
      if (result) diffs.push(result);
      else unchanged.add(nameOf(path));
    }
    diffs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { base, clusters: diffs, unchanged: [...unchanged].sort() };
  } finally {
    baseTree?.dispose();
  }
}

/** A token under which discovery keeps what it parsed in one tree. */
type ParsedFiles = NonNullable<Parameters<typeof findClusterEntries>[3]>;

/** One tree (the working tree or the base's copy, a real path) and its whole discovery, made once. */
interface Tree {
  readonly dir: string;
  readonly found: () => readonly ClusterEntry[];
  /** The files discovery parsed in this tree, for the discovery below each cluster's folder. */
  readonly parsed: ParsedFiles;
}

/**
 * The clusters of `tree` at `paths`, by path, as validate renders them. Each is rendered from its
 * own folder (discovery below it only) when that finds the same entry as the whole tree's
 * discovery; else by name, with the whole tree's discovery. The tree is discovered once, not
 * once per cluster (that made a change every cluster reads quadratic in the clusters).
 */
async function renderClusters(render: RenderWith, tree: Tree, entries: readonly Entry[], paths: ReadonlySet<string>, side: string): Promise<Map<string, ClusterReport>> {
  const out = new Map<string, ClusterReport>();
  const chosen = entries.filter((e) => paths.has(e.path));
  if (chosen.length === 0) return out;
  const { dir } = tree;
  const whole = tree.found();
  // diff reads the rendered objects only: validate's checks are not run.
  // Four clusters at once keep the engine and this process both busy.
  const options = { checks: false, concurrency: 4, ...(render.helm ? { helm: render.helm } : {}) };
  // Only the clusters asked for: each cluster's render is its own, whatever else is validated with it.
  const renderSome = async (found: readonly ClusterEntry[], entryDirs: readonly string[]) => {
    const wanted = found.filter((e) => paths.has(repoPath(dir, e.dir)));
    if (wanted.length === 0) return;
    for (const c of refuseUnusable(await validateEntries(render.engine, dir, wanted, entryDirs, options), side)) {
      if (c.path !== undefined && paths.has(c.path)) out.set(c.path, c);
    }
  };
  const wholeDirs = [...new Set(whole.map((e) => e.dir))];
  const inWhole = new Set(wholeDirs);
  const byName: string[] = [];
  // Clusters whose own discovery finds no entry the whole tree's misses share the whole tree's
  // entry folders: rendered together, in order, in one validation (one read of .yo-rc.json).
  let together: ClusterEntry[] = [];
  for (const entry of chosen) {
    const full = join(dir, entry.path);
    const below = findClusterEntries(dir, full, undefined, tree.parsed);
    if (!below.some((b) => b.dir === full && b.syncSource === entry.syncSource)) byName.push(entry.name);
    else if (below.every((b) => inWhole.has(b.dir))) together.push(...below);
    else {
      await renderSome(together, wholeDirs);
      together = [];
      await renderSome(below, [...new Set([...below.map((e) => e.dir), ...wholeDirs])]);
    }
  }
  await renderSome(together, wholeDirs);
  if (byName.length > 0 && byName.length <= 3) {
    for (const cluster of byName)
      await renderSome(
        whole.filter((e) => e.name === cluster),
        wholeDirs,
      );
  } else if (byName.length > 0) {
    await renderSome(whole, wholeDirs);
  }
  return out;
}

interface Rendered {
  readonly ref: ObjectRef;
  /** The object as diff prints it (Secret values redacted). */
  readonly object: Readonly<Record<string, unknown>>;
}

/** Objects by identity; a repeated identity (applied twice) keeps both, numbered. */
function entries(cluster: ClusterReport): Map<string, Rendered> {
  const out = new Map<string, Rendered>();
  for (const { object } of cluster.rendered ?? []) {
    const ref = objectRef(object);
    const id = `${ref.kind}/${ref.namespace}/${ref.name}`;
    let key = id;
    for (let n = 2; out.has(key); n++) key = `${id}#${n}`;
    out.set(key, { ref, object: redactSecrets(object) });
  }
  return out;
}

const byRef = (a: { ref: ObjectRef }, b: { ref: ObjectRef }) => (refLabel(a.ref) < refLabel(b.ref) ? -1 : refLabel(a.ref) > refLabel(b.ref) ? 1 : 0);

function compareCluster(name: string, path: string, beforeReport: ClusterReport | undefined, afterReport: ClusterReport | undefined): ClusterDiff | undefined {
  const old = beforeReport ? entries(beforeReport) : new Map<string, Rendered>();
  const now = afterReport ? entries(afterReport) : new Map<string, Rendered>();
  const added = [...now]
    .filter(([key]) => !old.has(key))
    .map(([, e]) => e)
    .sort(byRef);
  const removed = [...old]
    .filter(([key]) => !now.has(key))
    .map(([, e]) => e)
    .sort(byRef);
  // Most objects of a re-rendered cluster are equal: only those that are not are serialized.
  const changed = [...now]
    .flatMap(([key, e]) => {
      const before = old.get(key);
      if (before === undefined || sameValue(before.object, e.object)) return [];
      const [a, b] = [objectYaml(before.object), objectYaml(e.object)];
      return a === b ? [] : [{ ref: e.ref, diff: unifiedDiff(`${e.ref.kind}/${e.ref.namespace ? `${e.ref.namespace}/` : ''}${e.ref.name}`, a, b) }];
    })
    .sort(byRef);
  if (added.length + removed.length + changed.length === 0) return undefined;
  return {
    name,
    path,
    status: beforeReport === undefined ? 'added' : afterReport === undefined ? 'removed' : 'changed',
    added: added.map((e) => e.ref),
    removed: removed.map((e) => e.ref),
    changed: changed.map((c) => ({ ...c.ref, diff: c.diff })),
  };
}

/**
 * Whether two objects are the same value (same keys, any order; primitives by Object.is), so
 * that their YAML is the same. Not the converse: objects it calls different are compared by
 * their YAML, as before (`{a: undefined}` and `{}` print alike).
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameValue(v, (b as unknown[])[i]));
  if (Object.getPrototypeOf(a) !== Object.prototype) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** `--- a/<object>` / `+++ b/<object>` and hunks with 3 lines of context, like git. */
function unifiedDiff(label: string, before: string, after: string): string {
  // A newline in a name would start a line of its own in the patch header.
  const safe = label.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'));
  return createTwoFilesPatch(`a/${safe}`, `b/${safe}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });
}
