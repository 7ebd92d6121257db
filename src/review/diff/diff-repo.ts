// The one module needed, not the package's index (19 modules).
import { createTwoFilesPatch } from 'diff/lib/patch/create.js';
import { Engine } from '../../engine/index.js';
import { type ClusterReport, validateRepo } from '../../validate/index.js';
import { clusterInputs, touches } from './cluster-inputs.js';
import { type BaseRef, changedFiles, resolveBase, withBaseTree } from './git-base.js';
import { type ObjectRef, objectRef, objectYaml, refLabel } from './object-yaml.js';

export interface ChangedObject extends ObjectRef {
  /** Unified diff of the object's YAML (keys sorted), base to working tree. */
  readonly diff: string;
}

export interface ClusterDiff {
  readonly name: string;
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
}

/** Renders every cluster at the base and in the working tree and reports the objects that differ. */
export async function diffRepo(options: DiffOptions = {}): Promise<DiffReport> {
  const repo = options.repo ?? process.cwd();
  const base = resolveBase(repo, options.base);
  const engine = new Engine();
  try {
    return await diffWith(engine, repo, base, options);
  } finally {
    await engine.close();
  }
}

async function diffWith(engine: Engine, repo: string, base: BaseRef, options: DiffOptions): Promise<DiffReport> {
  const changed = changedFiles(repo, base.commit);
  const head = await render(engine, repo, options.cluster);
  // A changed file under kubernetes/ that no cluster read could still matter (e.g. a deleted
  // file only the base read): then every cluster is rendered at the base, to be safe.
  const inputs = new Map(head.map((c) => [c.name, clusterInputs(repo, c)]));
  const known = (file: string) => [...inputs.values()].some((i) => touches(i, [file]));
  const unsure = changed.some((file) => file.startsWith('kubernetes/') && !known(file));
  const gone = new Set(changed.map((f) => /^kubernetes\/clusters\/([^/]+)\//.exec(f)?.[1]).filter((n): n is string => n !== undefined && !inputs.has(n)));
  const wanted = (name: string) => options.cluster === undefined || options.cluster === name;
  const toRender = [...head.filter((c) => unsure || touches(inputs.get(c.name)!, changed)).map((c) => c.name), ...gone].filter(wanted);
  const baseClusters = new Map<string, Map<string, Entry>>();
  if (toRender.length > 0 || unsure) {
    await withBaseTree(repo, base.commit, async (dir) => {
      const names = unsure ? undefined : toRender;
      const clusters: ClusterReport[] = [];
      if (names === undefined) clusters.push(...(await render(engine, dir, options.cluster)));
      else for (const name of names) clusters.push(...(await render(engine, dir, name)));
      for (const c of clusters) baseClusters.set(c.name, entries(c));
    });
  }
  const diffs: ClusterDiff[] = [];
  const unchanged: string[] = [];
  const compared = new Set([...toRender, ...baseClusters.keys()]);
  for (const name of [...new Set([...head.map((c) => c.name), ...compared])].sort()) {
    const after = head.find((c) => c.name === name);
    if (!compared.has(name)) {
      unchanged.push(name);
      continue;
    }
    const result = compareCluster(name, baseClusters.get(name), after ? entries(after) : undefined);
    if (result) diffs.push(result);
    else unchanged.push(name);
  }
  return { base, clusters: diffs, unchanged };
}

interface Entry {
  readonly ref: ObjectRef;
  readonly yaml: string;
}

async function render(engine: Engine, repo: string, cluster?: string): Promise<ClusterReport[]> {
  return [...(await validateRepo({ repo, engine, ...(cluster !== undefined ? { cluster } : {}) })).clusters];
}

/** Objects by identity; a repeated identity (applied twice) keeps both, numbered. */
function entries(cluster: ClusterReport): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const { object } of cluster.rendered ?? []) {
    const ref = objectRef(object);
    const id = `${ref.kind}/${ref.namespace}/${ref.name}`;
    let key = id;
    for (let n = 2; out.has(key); n++) key = `${id}#${n}`;
    out.set(key, { ref, yaml: objectYaml(object) });
  }
  return out;
}

const byRef = (a: { ref: ObjectRef }, b: { ref: ObjectRef }) => (refLabel(a.ref) < refLabel(b.ref) ? -1 : refLabel(a.ref) > refLabel(b.ref) ? 1 : 0);

function compareCluster(name: string, before: Map<string, Entry> | undefined, after: Map<string, Entry> | undefined): ClusterDiff | undefined {
  const old = before ?? new Map<string, Entry>();
  const now = after ?? new Map<string, Entry>();
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
    status: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
    added: added.map((e) => e.ref),
    removed: removed.map((e) => e.ref),
    changed: changed.map((c) => ({ ...c.ref, diff: c.diff })),
  };
}

/** `--- a/<object>` / `+++ b/<object>` and hunks with 3 lines of context, like git. */
function unifiedDiff(label: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${label}`, `b/${label}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });
}
