// The one module needed, not the package's index (19 modules).
import { createTwoFilesPatch } from 'diff/lib/patch/create.js';
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { Engine } from '../../engine/index.js';
import { type ClusterReport, type HelmRenderOptions, validateRepo } from '../../validate/index.js';
import { findClusterEntries } from '../../validate/discovery/find-cluster-entries.js';
import { repoPath } from '../../validate/flux/confined-tree.js';
import { type ClusterInputs, InputFinder, touches } from './cluster-inputs.js';
import { type BaseRef, type BaseTree, changedFiles, checkoutBase, GitBaseError, openCheckout, resolveBase } from './git-base.js';
import { type ObjectRef, objectRef, objectYaml, redactSecrets, refLabel } from './object-yaml.js';

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

/** validateRepo, refusing to compare a side that a file could not be read for. */
async function renderSide(options: Parameters<typeof validateRepo>[0] & { repo: string }, side: string): Promise<ClusterReport[]> {
  const report = await validateRepo(options);
  const unusable = report.findings.find((f) => UNUSABLE.has(f.code));
  if (unusable) throw new DiffInputError(`${side}: ${unusable.message} [${unusable.code}]\n  fix: ${unusable.fix}`);
  return [...report.clusters];
}

/**
 * Renders the clusters whose inputs changed at the base and in the working tree and reports the
 * objects that differ. One engine serves both trees. Every render awaits the engine, so SIGINT and
 * SIGTERM are handled (the base's copy removed) within one cluster's render.
 */
export async function diffRepo(options: DiffOptions = {}): Promise<DiffReport> {
  const engine = new Engine();
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

const clusterEntries = (dir: string): Entry[] =>
  findClusterEntries(dir).map((e) => ({ name: e.name, path: repoPath(dir, e.dir), dir: e.dir, ...(e.syncSource !== undefined ? { syncSource: e.syncSource } : {}) }));

/** Files every build may read whatever the cluster: .sourceignore rules and the answers. */
const ALWAYS = (path: string) => posix.basename(path) === '.sourceignore' || path === '.yo-rc.json';

const covers = (inputs: ClusterInputs, path: string) => inputs.files.has(path) || inputs.dirs.some((dir) => dir === '' || path.startsWith(dir));

async function diffWith(engine: Engine, options: DiffOptions): Promise<DiffReport> {
  const checkout = openCheckout(options.repo ?? process.cwd());
  const base = resolveBase(checkout, options.base);
  const changed = changedFiles(checkout, base.commit);
  const wanted = (e: Entry) => options.cluster === undefined || options.cluster === e.name;
  // A .sourceignore decides what every build sees.
  const everything = changed.some((file) => posix.basename(file) === '.sourceignore');
  const headEntries = clusterEntries(checkout.repo);
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
    let baseTouched = new Set<string>();
    if (unclaimed || unknownHere) {
      baseTree = checkoutBase(checkout, base.commit, options.tempDir);
      await turn();
      baseEntries = clusterEntries(baseTree.dir);
      const baseFinder = new InputFinder(baseTree.dir);
      baseTouched = changed.length === 0 ? new Set() : new Set(baseEntries.filter((e) => wanted(e) && hits(baseFinder.inputsOf(e.path))).map((e) => e.path));
    } else if (headTouched.size > 0) {
      // Only what the touched clusters read, grown until the base's own references are in.
      let inputs = [...headTouched].map((path) => headInputs.get(path)!);
      baseTree = checkoutBase(checkout, base.commit, options.tempDir, (path) => ALWAYS(path) || inputs.some((i) => covers(i, path)));
      for (let round = 0; round < 16; round++) {
        const baseFinder = new InputFinder(baseTree.dir);
        inputs = [...headTouched].map((path) => baseFinder.inputsOf(path));
        if (inputs.some((i) => i.wide)) inputs = [{ dirs: [''], files: new Set(), wide: true }];
        if (baseTree.addFiles((path) => inputs.some((i) => covers(i, path))) === 0) break;
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
    const after = await renderClusters(render, checkout.repo, headEntries, paths, 'the working tree');
    const baseDir = baseTree?.dir;
    // Without the base's discovery, a touched cluster is at the base when its folder is.
    const atBase = baseEntries ?? headEntries.filter((e) => baseDir !== undefined && existsSync(join(baseDir, e.path)));
    const before = baseDir !== undefined ? await renderClusters(render, baseDir, atBase, paths, `the base, ${base.label}`) : new Map<string, ClusterReport>();
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

/**
 * The clusters of `dir` at `paths`, by path. Each is rendered from its own folder (discovery
 * below it only) when that finds the same entry as the whole tree's discovery; else by name,
 * with discovery of the whole tree (once for many clusters).
 */
async function renderClusters(render: RenderWith, dir: string, entries: readonly Entry[], paths: ReadonlySet<string>, side: string): Promise<Map<string, ClusterReport>> {
  const out = new Map<string, ClusterReport>();
  const chosen = entries.filter((e) => paths.has(e.path));
  if (chosen.length === 0) return out;
  const keep = (c: ClusterReport) => {
    if (c.path !== undefined && paths.has(c.path)) out.set(c.path, c);
  };
  const alone = (e: Entry) => {
    const full = join(dir, e.path);
    return findClusterEntries(dir, full).some((b) => b.dir === full && b.syncSource === e.syncSource);
  };
  const byName: string[] = [];
  for (const entry of chosen) {
    if (alone(entry)) {
      (await renderSide({ ...render, repo: dir, paths: [entry.path] }, side)).forEach(keep);
    } else byName.push(entry.name);
  }
  if (byName.length > 0 && byName.length <= 3) {
    for (const cluster of byName) {
      (await renderSide({ ...render, repo: dir, cluster }, side)).forEach(keep);
    }
  } else if (byName.length > 0) {
    (await renderSide({ ...render, repo: dir }, side)).forEach(keep);
  }
  return out;
}

interface Rendered {
  readonly ref: ObjectRef;
  readonly yaml: string;
}

/** Objects by identity; a repeated identity (applied twice) keeps both, numbered. */
function entries(cluster: ClusterReport): Map<string, Rendered> {
  const out = new Map<string, Rendered>();
  for (const { object } of cluster.rendered ?? []) {
    const ref = objectRef(object);
    const id = `${ref.kind}/${ref.namespace}/${ref.name}`;
    let key = id;
    for (let n = 2; out.has(key); n++) key = `${id}#${n}`;
    out.set(key, { ref, yaml: objectYaml(redactSecrets(object)) });
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
  const changed = [...now]
    .filter(([key, e]) => old.has(key) && old.get(key)!.yaml !== e.yaml)
    .map(([key, e]) => ({ ref: e.ref, diff: unifiedDiff(`${e.ref.kind}/${e.ref.namespace ? `${e.ref.namespace}/` : ''}${e.ref.name}`, old.get(key)!.yaml, e.yaml) }))
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

/** `--- a/<object>` / `+++ b/<object>` and hunks with 3 lines of context, like git. */
function unifiedDiff(label: string, before: string, after: string): string {
  // A newline in a name would start a line of its own in the patch header.
  const safe = label.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'));
  return createTwoFilesPatch(`a/${safe}`, `b/${safe}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });
}
