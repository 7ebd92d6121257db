import { inOrder } from '../private/in-order.js';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Finding } from './finding.js';
import { Engine } from '../engine/index.js';
import { checkCluster } from './checks/index.js';
import type { HelmReleaseSummary } from './checks/helm-release-summary.js';
import { type HelmRenderOptions, renderHelmReleases } from './helm/render-helm-releases.js';
import { type RenderedObject, objectId } from './objects/index.js';
import { type ClusterEntry, ENTRY_RULES, findClusterEntries, nameEntries } from './discovery/find-cluster-entries.js';
import { type FileProblem, problemFindings, readTreeObjects, repoPath, resolveInside, scanTree } from './flux/confined-tree.js';
import { walkCluster } from './flux/walk-cluster.js';
import { unappliedCluster } from './unapplied-cluster.js';
import { SourceMap } from './sources/source-map.js';
import { repositoryModelFromYoRc } from '../model/repository.js';

export interface ValidateOptions {
  /** The GitOps repository. @default process.cwd() */
  readonly repo?: string;
  /**
   * Folders to start from (relative to the repository, or absolute inside it): the clusters
   * discovered below each, or the folder itself as a cluster's entry. @default discover in the repository
   */
  readonly paths?: readonly string[];
  /** Validate only this cluster. @default every cluster */
  readonly cluster?: string;
  /**
   * Validate only this share of the clusters (a CI matrix job's): of the clusters sorted by name,
   * the `index`-th (1-based) and every `count`-th after it. The shards 1..count of one repository
   * are disjoint and together every cluster. @default every cluster
   */
  readonly shard?: ClusterShard;
  /**
   * The engine that builds each Flux Kustomization; pass one to share it between runs (diff
   * renders two trees), and close it yourself. It snapshots each source folder once: share it
   * only while the files do not change. @default one started for this run and closed after it
   */
  readonly engine?: Engine;
  /**
   * Render every HelmRelease with Helm's own library (`validate --helm`) and check what it makes.
   * @default off: releases are checked on their values
   */
  readonly helm?: HelmRenderOptions;
  /** Service CIDR per cluster, over what .yo-rc.json records. @default from .yo-rc.json */
  readonly serviceCidrs?: Readonly<Record<string, string>>;
  /**
   * Flux sources that are folders of this repository: `name` or `namespace/name` to a folder
   * (relative to the repository). The repository's own GitRepository is always its root.
   */
  readonly sources?: Readonly<Record<string, string>>;
  /** substituteFrom sources whose keys are unknown offline (SOPS, ExternalSecret) are errors. @default false */
  readonly strictSources?: boolean;
}

/** One share of the clusters: the `index`-th of `count` (1-based). */
export interface ClusterShard {
  readonly index: number;
  readonly count: number;
}

/** The names in `shard`: sorted by name (code points, the same on every machine), every `count`-th from the `index`-th. */
function shardOf<T extends { readonly name: string }>(clusters: readonly T[], shard: ClusterShard): T[] {
  const sorted = [...clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}

export interface ClusterReport {
  readonly name: string;
  /** The cluster's entry folder, repository-relative. */
  readonly path?: string;
  /**
   * Every object the cluster applies, after build and substitution, each with the Flux
   * Kustomization that applies it (`appliedBy`). Not enumerable: kept out of `--format json`;
   * `diff` and `graph` read it.
   */
  readonly rendered?: readonly RenderedObject[];
  /** The Flux Kustomizations applied, in the order they were followed. */
  readonly kustomizations: readonly string[];
  /** Number of objects the cluster applies. */
  readonly objects: number;
  /** With --helm: number of objects Helm rendered for its HelmReleases (`rendered` holds them, applied by their release). */
  readonly helmObjects?: number;
  readonly helmReleases: readonly HelmReleaseSummary[];
}

export interface ValidationReport {
  readonly repo: string;
  readonly clusters: readonly ClusterReport[];
  readonly findings: readonly Finding[];
  readonly errors: number;
  readonly warnings: number;
  /** The share of the clusters this report covers (`validate --shard`). @default every cluster */
  readonly shard?: ClusterShard;
}

/** The clusters to validate: discovered below each given folder, else the folder itself. */
function entriesFor(repo: string, paths: readonly string[] | undefined, findings: Finding[], unreadable: FileProblem[]): ClusterEntry[] {
  return discover(repo, paths, findings, unreadable);
}

/**
 * Files discovery could not read, except those a cluster's build named (errors there): warnings,
 * since no cluster found reads them, but a cluster defined there would be missed.
 */
function discoveryFindings(repo: string, unreadable: readonly FileProblem[], findings: readonly Finding[]): Finding[] {
  const named = new Set(findings.map((f) => `${f.code} ${f.file}`));
  return problemFindings(repo, undefined, unreadable)
    .filter((f) => !named.has(`${f.code} ${f.file}`))
    .map((f) => ({ ...f, severity: 'warning', message: `${f.message}; no cluster found reads it, but a cluster entry there would be missed` }));
}

function discover(repo: string, paths: readonly string[] | undefined, findings: Finding[], unreadable: FileProblem[]): ClusterEntry[] {
  if (!paths || paths.length === 0) return findClusterEntries(repo, repo, unreadable);
  const entries: ClusterEntry[] = [];
  for (const path of paths) {
    const dir = resolveInside(repo, relative(repo, resolve(repo, path)) || '.');
    if (dir === 'outside' || dir === 'missing' || !statSync(dir).isDirectory()) {
      findings.push({
        code: 'no-clusters',
        severity: 'error',
        file: path,
        message: `${path} is ${dir === 'outside' ? 'outside the repository' : 'not a folder'}`,
        fix: 'pass a folder of the repository',
      });
      continue;
    }
    const below = findClusterEntries(repo, dir, unreadable);
    entries.push(...(below.length > 0 ? below : nameEntries(repo, [{ dir }])));
  }
  const unique = new Map(entries.map((e) => [e.dir, e]));
  return nameEntries(repo, [...unique.values()]);
}

/**
 * Proves a repository right offline, per cluster, as Flux would apply it: finds each cluster's
 * entry, builds each Flux Kustomization from its source, applies its spec, substitutes like
 * the Flux the cluster installs (strict from 2.9), follows the Kustomizations it emits, and checks every object.
 */
export async function validateRepo(options: ValidateOptions = {}): Promise<ValidationReport> {
  const engine = options.engine ?? new Engine();
  try {
    return await validateWith(engine, options);
  } finally {
    if (!options.engine) await engine.close();
  }
}

async function validateWith(engine: Engine, options: ValidateOptions): Promise<ValidationReport> {
  const repo = realpathSync(resolve(options.repo ?? process.cwd()));
  const findings: Finding[] = [];
  const unreadable: FileProblem[] = [];
  let entries = entriesFor(repo, options.paths, findings, unreadable);
  const allEntries = entries;
  if (entries.length === 0 && findings.length === 0) {
    findings.push({
      code: 'no-clusters',
      severity: 'error',
      file: '.',
      message: `no Flux cluster entry found; looked for ${ENTRY_RULES.join('; ')}`,
      fix: 'pass the cluster folder (validate PATH or --path), or --repo with the repository root',
    });
  }
  if (options.cluster !== undefined) {
    if (!entries.some((e) => e.name === options.cluster)) {
      findings.push({
        code: 'cluster-unknown',
        severity: 'error',
        message: `no cluster "${options.cluster}" (${entries.map((e) => e.name).join(', ') || 'none'})`,
        fix: 'name one of the clusters found',
      });
    }
    entries = entries.filter((e) => e.name === options.cluster);
  }
  if (options.shard !== undefined) entries = shardOf(entries, options.shard);
  // Every cluster's entry, also those not validated in this run (--cluster, PATH).
  const discovered = options.paths && options.paths.length > 0 ? findClusterEntries(repo) : allEntries;
  const entryDirs = [...new Set([...allEntries, ...discovered].map((e) => e.dir))];
  const report = { ...(await validateEntries(engine, repo, entries, entryDirs, options, findings)), ...(options.shard ? { shard: options.shard } : {}) };
  const fromDiscovery = discoveryFindings(repo, unreadable, report.findings);
  if (fromDiscovery.length === 0) return report;
  const all = [...fromDiscovery, ...report.findings];
  return { ...report, findings: all, warnings: all.filter((f) => f.severity === 'warning').length };
}

/**
 * validateRepo after discovery, for a caller that discovered the tree itself: `diff` renders
 * hundreds of clusters of one tree, and discovering the whole tree once per cluster made it
 * quadratic. `repo` is a real path; `entryDirs` is every cluster's entry folder in it.
 */
export async function validateEntries(
  engine: Engine,
  repo: string,
  entries: readonly ClusterEntry[],
  entryDirs: readonly string[],
  options: Omit<ValidateOptions, 'repo' | 'paths' | 'cluster' | 'engine' | 'shard'> & {
    /** Run the checks; off, the clusters are only rendered (no findings of checks, no helmReleases). @default true */
    readonly checks?: boolean;
    /**
     * Clusters rendered at once: while the engine builds for one, node checks another. Reports
     * and findings keep the entries' order, as one at a time would. @default CLUSTERS_AT_ONCE
     */
    readonly concurrency?: number;
  },
  findings: Finding[] = [],
): Promise<ValidationReport> {
  const sources = sourceMap(repo, options.sources ?? {}, findings);
  const cidrs = { ...storedServiceCidrs(repo), ...options.serviceCidrs };
  const checks = options.checks ?? true;
  const scanned = new Map<string, readonly FileProblem[]>();
  const validated = await inOrder(entries, options.concurrency ?? CLUSTERS_AT_ONCE, async (entry) => {
    if (entry.unapplied) return unappliedCluster(repo, entry, entry.unapplied);
    const own: Finding[] = [];
    const report = await validateCluster(repo, entry, engine, sources, options.strictSources ?? false, cidrs[entry.name], entryDirs, own, options.helm, checks, scanned);
    return { report, own };
  });
  const clusters: ClusterReport[] = [];
  for (const { report, own } of validated) {
    clusters.push(report);
    for (const finding of own) findings.push(finding);
  }
  return {
    repo,
    clusters,
    findings,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** Clusters validated at the same time; more only hold more memory at once. */
const CLUSTERS_AT_ONCE = 4;

/** --source folders, each confined to the repository. */
function sourceMap(repo: string, mapped: Readonly<Record<string, string>>, findings: Finding[]): SourceMap {
  const roots: Record<string, string> = {};
  for (const [name, dir] of Object.entries(mapped)) {
    const real = resolveInside(repo, dir);
    if (real === 'outside' || real === 'missing') {
      findings.push({
        code: 'source-folder-invalid',
        severity: 'error',
        file: dir,
        message: `--source ${name}=${dir}: the folder is ${real === 'outside' ? 'outside the repository' : 'missing'}`,
        fix: 'map the source to a folder of this repository',
      });
    } else {
      roots[name] = real;
    }
  }
  return new SourceMap(repo, roots);
}

async function validateCluster(
  repo: string,
  entry: ClusterEntry,
  engine: Engine,
  sources: SourceMap,
  strictSources: boolean,
  serviceCidr: string | undefined,
  entryDirs: readonly string[],
  findings: Finding[],
  helm: HelmRenderOptions | undefined,
  checks: boolean,
  scanned: Map<string, readonly FileProblem[]>,
): Promise<ClusterReport> {
  const name = entry.name;
  const own = await entryObjects(repo, entry, engine, findings);
  const sync = { ...(entry.syncKind ? { kind: entry.syncKind } : {}), ...(entry.syncRoot ? { root: entry.syncRoot } : {}) };
  const ctx = {
    repo,
    cluster: name,
    entryDir: entry.dir,
    entryDirs,
    engine,
    sources: sources.withOwnSources(entry.syncSource, entry.dir, own, sync),
    strictSources,
    findings,
    reported: new Set<string>(),
    scanned,
  };
  const { rendered, followed, standIns } = await walkCluster(ctx, own);
  standIns.push(...instanceObjects(entry, rendered));
  if (serviceCidr === undefined) {
    findings.push({
      code: 'service-cidr-unknown',
      severity: 'info',
      cluster: name,
      message: 'the Service CIDR is not recorded, so ClusterIPs were not checked against it',
      fix: `pass --service-cidr ${name}=CIDR, or keep .yo-rc.json from platform:coredns`,
    });
  }
  const charts = helm ? await renderHelmReleases(engine, name, [...rendered, ...standIns], helm, findings) : undefined;
  const result = checks
    ? checkCluster({ cluster: name, objects: [...rendered, ...standIns], ...(serviceCidr ? { serviceCidr } : {}), ...(charts ? { helmRendered: charts.byRelease } : {}) })
    : { findings: [], helmReleases: [] };
  findings.push(...result.findings);
  const report: ClusterReport = {
    name,
    path: repoPath(repo, entry.dir),
    kustomizations: followed,
    objects: rendered.length,
    ...(charts ? { helmObjects: charts.objects.length } : {}),
    helmReleases: result.helmReleases,
  };
  Object.defineProperty(report, 'rendered', { value: charts ? [...rendered, ...charts.objects] : rendered, enumerable: false });
  return report;
}

/**
 * The entry folder's objects, built as the cluster's own sync Kustomization builds it (Flux's
 * generator: the folder's kustomization.yaml, its namespace and resource list; every YAML file
 * where it has none), so a file it does not list is not applied. A folder that does not build
 * (a remote base, which Flux fetches, or a real fault, reported) is read file by file, so the
 * rest of the cluster is still checked; so is a folder holding a file the build must not read.
 */
async function entryObjects(repo: string, entry: ClusterEntry, engine: Engine, findings: Finding[]): Promise<RenderedObject[]> {
  // A link out of the repository, a FIFO or an oversized file: reported, and the folder read without them.
  const problems: FileProblem[] = [];
  scanTree(repo, entry.dir, () => undefined, problems);
  if (problems.length > 0) return readTreeObjects(repo, entry.dir, entry.name, findings);
  const root = entry.syncRoot ?? repo;
  const [namespace, syncName] = (entry.syncSource ?? 'flux-system/flux-system').split('/') as [string, string];
  const name = entry.instance?.name ?? syncName;
  const sync = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace },
    spec: { interval: '10m', prune: true, path: `./${relative(root, entry.dir)}`, sourceRef: { kind: entry.syncKind ?? 'GitRepository', name: syncName } },
  };
  const built = await engine.build({ sourceRoot: root, kustomization: sync, variables: [], strict: false, keepUndefined: true });
  if (built.ok) {
    return built.result.objects.map((o) => ({
      object: o.object as RenderedObject['object'],
      ...(o.file ? { file: repoPath(repo, join(root, o.file)) } : {}),
      ...(o.encrypted ? { encrypted: true } : {}),
    }));
  }
  const { code, message, file } = built.problem;
  const byFile: Finding[] = [];
  const objects = readTreeObjects(repo, entry.dir, entry.name, byFile);
  // The same fault, found again file by file (a broken YAML file), is reported once, on its file.
  if (byFile.some((f) => f.code === code)) {
    findings.push(...byFile);
    return objects;
  }
  findings.push({
    code,
    severity: code === 'build-remote-base' ? 'info' : 'error',
    cluster: entry.name,
    file: file ? repoPath(repo, join(root, file)) : repoPath(repo, entry.dir),
    object: objectId(sync),
    message: `the cluster's entry ${repoPath(repo, entry.dir)}: ${message}; its files were read one by one instead`,
    fix: code === 'build-remote-base' ? 'nothing to fix if the base is reachable: Flux fetches it' : "fix the entry folder's kustomization",
  });
  findings.push(...byFile);
  return objects;
}

/**
 * What a FluxInstance creates for its sync, as bootstrap writes gotk-sync.yaml: the source and
 * the Kustomization, both named `spec.sync.name` or after its namespace (unless the repository
 * defines them).
 */
function instanceObjects(entry: ClusterEntry, rendered: readonly RenderedObject[]): RenderedObject[] {
  if (!entry.instance || !entry.syncSource) return [];
  const { namespace, name, path, url } = entry.instance;
  const metadata = { name, namespace };
  const kind = entry.syncKind ?? 'GitRepository';
  const made: RenderedObject[] = [
    { object: { apiVersion: 'source.toolkit.fluxcd.io/v1', kind, metadata, spec: { interval: '1m', url: url ?? '' } } },
    {
      object: {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata,
        spec: { interval: '10m', prune: true, path, sourceRef: { kind, name } },
      },
    },
  ];
  const present = new Set(rendered.map((r) => objectId(r.object)));
  return made.filter((r) => !present.has(objectId(r.object)));
}

/** Service CIDRs of the repository model in .yo-rc.json (the clusters every service shares). */
function storedServiceCidrs(repo: string): Record<string, string> {
  const file = join(repo, '.yo-rc.json');
  if (!existsSync(file)) return {};
  try {
    const { clusters } = repositoryModelFromYoRc(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    return Object.fromEntries(clusters.map((c) => [c.name, c.serviceCidr]));
  } catch {
    return {};
  }
}
