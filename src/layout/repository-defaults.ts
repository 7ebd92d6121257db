import { posix } from 'node:path';
import { parseDocument } from 'yaml';
import type { TreeReader } from '../kit/index.js';
import { isMap } from '../private/is-map.js';
import { findClusterEntries } from '../validate/discovery/find-cluster-entries.js';
import { type RepoObject, type SkippedFiles, findRepoObject, repoObjects } from './repo-objects.js';

/**
 * CNI charts by chart name (a HelmRelease's chart.spec.chart, or the last segment of the
 * OCIRepository its chartRef names): the CNI a service's Flux Kustomization waits for.
 */
const CNI_CHARTS: Readonly<Record<string, string>> = {
  cilium: 'cilium',
  'tigera-operator': 'calico',
  calico: 'calico',
  flannel: 'flannel',
  canal: 'canal',
  'rke2-canal': 'canal',
  'weave-net': 'weave',
  weave: 'weave',
  antrea: 'antrea',
  'kube-router': 'kube-router',
  'kube-ovn': 'kube-ovn',
};

/** Charts that install the Prometheus Operator's CRDs (ServiceMonitor, PrometheusRule). */
const PROMETHEUS_OPERATOR_CHARTS: readonly string[] = ['kube-prometheus-stack', 'prometheus-operator-crds', 'prometheus-operator', 'kube-prometheus'];

/** The CRDs the monitoring files need. */
const MONITORING_CRDS = ['servicemonitors.monitoring.coreos.com', 'prometheusrules.monitoring.coreos.com'];

/** A repository-derived default and why, as the run prints it. */
/** The answers repository defaults fill: a service's dependsOn and its monitoring switch. */
interface DefaultedAnswers {
  dependsOn?: string | string[];
  /** on, off or auto (the model refuses anything else). */
  monitoring?: { enabled?: string };
}

export interface RepositoryDefault<T> {
  readonly value: T;
  readonly reason: string;
}

const isFluxKustomization = (o: RepoObject['object']): boolean => o.kind === 'Kustomization' && String(o.apiVersion ?? '').startsWith('kustomize.toolkit.fluxcd.io/');
/** The value at `path` in untrusted YAML, or undefined. */
const at = (value: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, key) => (isMap(v) ? v[key] : undefined), value);

const isHelmRelease = (o: RepoObject['object']): boolean => o.kind === 'HelmRelease' && String(o.apiVersion ?? '').startsWith('helm.toolkit.fluxcd.io/');

/** A HelmRelease's chart name: chart.spec.chart, or the last segment of its chartRef's OCIRepository URL. */
function chartName(objects: readonly RepoObject[], release: RepoObject['object']): string | undefined {
  const chart = at(release, 'spec', 'chart', 'spec', 'chart');
  if (typeof chart === 'string') return chart.split('/').pop();
  const ref = at(release, 'spec', 'chartRef');
  if (!isMap(ref) || typeof ref.name !== 'string') return undefined;
  const namespace = typeof ref.namespace === 'string' ? ref.namespace : (release.metadata?.namespace ?? 'default');
  if (ref.kind === 'OCIRepository') {
    const source = findRepoObject(objects, 'OCIRepository', ref.name, namespace);
    const url = String(at(source?.object, 'spec', 'url') ?? '');
    return url ? url.replace(/\/+$/, '').split('/').pop() : ref.name;
  }
  if (ref.kind === 'HelmChart') {
    const fromChart = at(findRepoObject(objects, 'HelmChart', ref.name, namespace)?.object, 'spec', 'chart');
    return typeof fromChart === 'string' ? fromChart : undefined;
  }
  return undefined;
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Folders and files one Flux Kustomization's build may take: enough for any real overlay. */
const MAX_VISITED = 2000;

/**
 * The repository files a Flux Kustomization's build reads, as kustomize (and Flux's generated
 * kustomization.yaml, for a folder without one) would: the `resources` and `components` of each
 * kustomization.yaml, every YAML file of a folder without one. Remote resources are not followed.
 */
function filesOfBuild(tree: TreeReader, path: string): Set<string> {
  // A path out of the repository (`..`, a link leaving it) is no file of it: never followed, never fatal.
  const reader = {
    list: (dir: string) => guarded(() => tree.list(dir), []),
    read: (file: string) => guarded(() => tree.read(file), undefined),
  };
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (dir: string, depth: number): void => {
    if (seen.has(dir) || seen.size > MAX_VISITED || depth > 20 || dir.startsWith('..')) return;
    seen.add(dir);
    const entries = reader.list(dir);
    const own = KUSTOMIZATION_FILES.find((name) => entries.some((e) => !e.isDirectory && e.name === name));
    if (own === undefined) {
      for (const entry of entries) {
        const child = posix.join(dir, entry.name);
        if (entry.isDirectory) visit(child, depth + 1);
        else if (/\.ya?ml$/.test(entry.name)) files.add(child);
      }
      return;
    }
    let listed: unknown;
    try {
      listed = parseDocument(reader.read(posix.join(dir, own)) ?? '').toJS();
    } catch {
      return;
    }
    if (!isMap(listed)) return;
    for (const item of [...asList(listed.resources), ...asList(listed.components)]) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(item) || item.includes('?ref=')) continue;
      const target = posix.normalize(posix.join(dir, item));
      if (target.startsWith('..')) continue;
      if (reader.list(target).length > 0) visit(target, depth + 1);
      else files.add(target);
    }
  };
  visit(path, 0);
  return files;
}

function guarded<T>(read: () => T, otherwise: T): T {
  try {
    return read();
  } catch {
    return otherwise;
  }
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const fluxPath = (ks: RepoObject['object']): string =>
  posix
    .normalize(String(at(ks, 'spec', 'path') ?? '.'))
    .replace(/^\.\/?|^\//, '')
    .replace(/\/$/, '') || '.';

/**
 * The Flux Kustomization CoreDNS (or any kit-based service) should wait for: the one that
 * deploys the repository's CNI, found by its HelmRelease's chart (CNI_CHARTS). None when the
 * repository has no CNI HelmRelease, when no Flux Kustomization of its own applies it, or when
 * several Kustomizations do (a name to wait for on one cluster would be missing on another).
 */
function cniDependsOn(objects: readonly RepoObject[], reader: TreeReader): RepositoryDefault<string[]> {
  const releases = objects.flatMap(({ file, object }) => {
    if (!isHelmRelease(object)) return [];
    const chart = chartName(objects, object);
    return chart !== undefined && CNI_CHARTS[chart] !== undefined ? [{ file, chart, name: String(object.metadata?.name ?? chart) }] : [];
  });
  if (releases.length === 0) return { value: [], reason: 'no CNI HelmRelease found' };
  const kustomizations = objects.filter(({ object }) => isFluxKustomization(object) && typeof object.metadata?.name === 'string');
  const ksFiles = new Set(kustomizations.map((ks) => ks.file));
  const builds = new Map<RepoObject, Set<string>>();
  const deployers = new Map<string, string>();
  for (const release of releases) {
    for (const ks of kustomizations) {
      if (!builds.has(ks)) builds.set(ks, filesOfBuild(reader, fluxPath(ks.object)));
      const files = builds.get(ks)!;
      // One that also applies Flux Kustomizations (flux-system, a cluster's infrastructure) may apply
      // this service's own: waiting on it would never end.
      if (files.has(release.file) && ![...files].some((file) => ksFiles.has(file)) && !deployers.has(String(ks.object.metadata?.name))) deployers.set(String(ks.object.metadata?.name), release.chart);
    }
  }
  const names = [...deployers.keys()].sort();
  const charts = [...new Set(releases.map((r) => r.chart))].join(', ');
  if (names.length === 1) return { value: names, reason: `deploys the ${deployers.get(names[0]!)} chart` };
  if (names.length === 0) return { value: [], reason: `the ${charts} HelmRelease (${releases.map((r) => r.file).join(', ')}) is applied by no Flux Kustomization of its own` };
  return { value: [], reason: `${names.join(', ')} each deploy a CNI chart (${charts}); pass --depends-on to choose` };
}

/**
 * Whether the repository's Flux tree provides the Prometheus Operator CRDs the ServiceMonitor
 * and PrometheusRule need: a CustomResourceDefinition for them (also in a file too large to
 * parse), a HelmRelease of a chart that installs them, or a Flux Kustomization built from the
 * prometheus-operator repository. A repository without a Flux cluster yet (the story, an empty
 * folder) has nothing to tell: monitoring stays on, as every earlier version wrote it.
 */
function monitoringDefault(root: string, objects: readonly RepoObject[], skipped: SkippedFiles, reader: TreeReader): RepositoryDefault<'on' | 'off'> {
  const crd = objects.find(({ object }) => object.kind === 'CustomResourceDefinition' && MONITORING_CRDS.includes(String(object.metadata?.name)));
  if (crd) return { value: 'on', reason: `the CustomResourceDefinition ${String(crd.object.metadata?.name)} is in ${crd.file}` };
  const bundle = skipped.large.find((file) => {
    const text = reader.read(file) ?? '';
    return /kind:\s*CustomResourceDefinition/.test(text) && MONITORING_CRDS.some((name) => new RegExp(`name:\\s*${name.replace(/\./g, '\\.')}\\b`).test(text));
  });
  if (bundle) return { value: 'on', reason: `the Prometheus Operator CRDs are in ${bundle}` };
  const release = objects.find(({ object }) => isHelmRelease(object) && PROMETHEUS_OPERATOR_CHARTS.includes(chartName(objects, object) ?? ''));
  if (release) return { value: 'on', reason: `HelmRelease ${release.object.metadata?.name} (${chartName(objects, release.object)}) in ${release.file} installs the Prometheus Operator CRDs` };
  const fromUpstream = objects.find(({ object }) => {
    if (!isFluxKustomization(object) || at(object, 'spec', 'sourceRef', 'kind') !== 'GitRepository') return false;
    const namespace = at(object, 'spec', 'sourceRef', 'namespace');
    const source = findRepoObject(objects, 'GitRepository', String(at(object, 'spec', 'sourceRef', 'name')), typeof namespace === 'string' ? namespace : object.metadata?.namespace);
    return /prometheus-operator\/(prometheus-operator|kube-prometheus)(\.git)?\/?$/.test(String(at(source?.object, 'spec', 'url') ?? ''));
  });
  if (fromUpstream) return { value: 'on', reason: `Flux Kustomization ${fromUpstream.object.metadata?.name} in ${fromUpstream.file} applies the prometheus-operator repository` };
  if (findClusterEntries(root).length === 0) return { value: 'on', reason: 'no Flux cluster in the repository yet to look for the Prometheus Operator CRDs in' };
  return { value: 'off', reason: 'no ServiceMonitor or PrometheusRule CRD (monitoring.coreos.com), nor a chart installing them, found' };
}

/**
 * A kit-based service's dependsOn on its first run (no stored answers; earlier versions stored
 * none for an empty list), when its option table has `--depends-on` and it is not given: the
 * Kustomization deploying the CNI.
 */
export function applyServiceDependsOn(table: object, answers: unknown, stored: unknown, reader: TreeReader): string[] {
  if (!('depends-on' in table) || !isMap(answers) || answers.dependsOn !== undefined || stored !== undefined) return [];
  const chosen = repositoryDependsOn(reader);
  answers.dependsOn = chosen.value;
  return [`dependsOn: ${chosen.value.join(', ') || 'none'} (${chosen.reason}); --depends-on to choose`];
}

/** The dependsOn default alone (a prompt's default). */
export function repositoryDependsOn(reader: TreeReader): RepositoryDefault<string[]> {
  return cniDependsOn(repositoryFacts(reader).objects, reader);
}

/** The repository's objects once per run, for the defaults above. */
function repositoryFacts(reader: TreeReader): { objects: RepoObject[]; skipped: SkippedFiles } {
  const skipped: SkippedFiles = { broken: [], large: [] };
  return { objects: repoObjects(reader, skipped), skipped };
}

/**
 * Fills the CoreDNS answers the user left to the repository, and says what it chose and why:
 * - `dependsOn`, when no answer gives it: the Kustomization deploying the CNI (cniDependsOn);
 * - monitoring `auto` (given, or on a first run no answer): on or off from the Prometheus
 *   Operator CRDs. Stored answers without it keep monitoring on, as the files they wrote had it.
 * An explicit answer (an option, the answers file, then the stored answers) always wins, so a
 * second run decides nothing again.
 */
export function applyRepositoryDefaults(answers: DefaultedAnswers, root: string, reader: TreeReader, stored: DefaultedAnswers | undefined): string[] {
  const said: string[] = [];
  const before: DefaultedAnswers | undefined = isMap(stored) ? stored : undefined;
  if (answers.dependsOn === undefined && before?.dependsOn !== undefined) answers.dependsOn = structuredClone(before.dependsOn);
  const enabled = answers.monitoring?.enabled ?? (before ? (isMap(before.monitoring) ? before.monitoring.enabled : undefined) : 'auto');
  if (enabled !== undefined && answers.monitoring?.enabled === undefined) answers.monitoring = { ...answers.monitoring, enabled };
  if (answers.dependsOn !== undefined && enabled !== 'auto') return said;
  const facts = repositoryFacts(reader);
  if (answers.dependsOn === undefined) {
    const chosen = cniDependsOn(facts.objects, reader);
    answers.dependsOn = chosen.value;
    said.push(`dependsOn: ${chosen.value.join(', ') || 'none'} (${chosen.reason}); --depends-on to choose`);
  }
  if (enabled === 'auto') {
    const chosen = monitoringDefault(root, facts.objects, facts.skipped, reader);
    answers.monitoring = { ...answers.monitoring, enabled: chosen.value };
    said.push(`monitoring: ${chosen.value} (${chosen.reason}); --monitoring on|off to choose`);
  }
  return said;
}
