import { posix } from 'node:path';
import { CHART_HELM_REPOSITORY_URL, CHART_OCI_URL, type ClusterConfig, type CoreDnsConfig } from '../model/index.js';
import { editConfigMapData, ensureKustomizationResources, listObjects } from '../edit/index.js';
import { renderTemplate } from './template-renderer.js';
import { MONITORING_FOLDER, monitoringFiles } from './coredns-monitoring.js';
import { VALUES_CONFIGMAP, anyAutoscaler, clusterValuesText } from './coredns-values.js';
import { withSchemaComment } from './flux-schema-comments.js';

/**
 * How a file relates to the generator:
 * - `owned`: the generator writes it whole; a hand edit is a conflict on the next run.
 * - `merged`: an existing file is edited in place (comments, order and other keys kept).
 * - `created`: written only when missing; never touched afterwards.
 * - `removed`: an owned file the answers no longer render (a cluster taken out): deleted when it
 *   is as the generator wrote it; a hand-edited one is a conflict, like an owned file's. `contents`
 *   is empty.
 */
export type FileRole = 'owned' | 'merged' | 'created' | 'removed';

export interface PlannedFile {
  /** Path relative to the destination, with forward slashes. */
  readonly path: string;
  readonly contents: string;
  readonly role: FileRole;
}

/** One entry of a directory listing. */
export interface DirEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

/** Read access to the destination, so plans can merge into what is already there. */
export interface TreeReader {
  /** File contents, or undefined when the file does not exist. */
  read(path: string): string | undefined;
  /** Entries of a directory, sorted by name; empty when it does not exist. */
  list(dir: string): DirEntry[];
}

export interface CoreDnsPlan {
  readonly files: PlannedFile[];
  /** Things the user should know that are not errors (e.g. a file left alone). */
  readonly notes: string[];
}

/** What to plan. */
export interface CoreDnsPlanScope {
  /** Plan the shared files (the CoreDNS directory and the parent kustomizations). @default true */
  readonly shared?: boolean;
  /** Plan per-cluster files only for these clusters. @default every cluster in the config */
  readonly clusters?: readonly string[];
}

export const GITOPS_ROOT = 'kubernetes';
export const INFRASTRUCTURE_DIR = `${GITOPS_ROOT}/infrastructure`;
export const NETWORKING_DIR = `${INFRASTRUCTURE_DIR}/networking`;
export const COREDNS_DIR = `${NETWORKING_DIR}/coredns`;
export const COREDNS_MONITORING_DIR = `${NETWORKING_DIR}/${MONITORING_FOLDER}`;
/** What networking/kustomization.yaml lists: each folder is applied by its own Flux Kustomization. */
const NETWORKING_ENTRIES = ['coredns/ks.yaml', `${MONITORING_FOLDER}/ks.yaml`];
export const CLUSTERS_DIR = `${GITOPS_ROOT}/clusters`;
export const CLUSTER_SETTINGS_NAME = 'cluster-settings';
/** The keys CoreDNS owns in each cluster's cluster-settings. */
export const COREDNS_SETTING_KEYS = ['COREDNS_REPLICAS', 'COREDNS_CLUSTER_IP'] as const;

const TEMPLATE_ROOT = 'coredns';

/** The template for an output path: the same path under templates/coredns, `[cluster]` for the cluster. */
function templateFor(outputPath: string, cluster?: string): string {
  const path = cluster ? outputPath.replace(`${CLUSTERS_DIR}/${cluster}/`, `${CLUSTERS_DIR}/[cluster]/`) : outputPath;
  return `${TEMPLATE_ROOT}/${path}.ejs`;
}

function render(outputPath: string, data: object, cluster?: string): string {
  return renderTemplate(templateFor(outputPath, cluster), data);
}

export function clusterDir(cluster: string): string {
  return `${CLUSTERS_DIR}/${cluster}`;
}

export function infrastructureKustomizationName(cluster: string): string {
  return `cluster-${cluster}-infrastructure`;
}

/** The CoreDNS values each cluster's cluster-settings carries, as strings (ConfigMap data). */
export function clusterSettings(cluster: ClusterConfig): Record<(typeof COREDNS_SETTING_KEYS)[number], string> {
  return { COREDNS_REPLICAS: String(cluster.replicas), COREDNS_CLUSTER_IP: cluster.dnsIp };
}

/**
 * Every file the CoreDNS setup needs, with its final contents. Pure apart from `reader`: the
 * same config and the same tree give the same bytes, so a re-run writes nothing.
 */
export function planCoreDns(config: CoreDnsConfig, reader: TreeReader, scope: CoreDnsPlanScope = {}): CoreDnsPlan {
  const files: PlannedFile[] = [];
  const notes: string[] = [];
  if (scope.shared ?? true) {
    files.push(...planCoreDnsDirectory(config));
    planParentKustomizations(reader, files, notes);
  }
  const wanted = scope.clusters ? new Set(scope.clusters) : undefined;
  for (const cluster of config.clusters) {
    if (wanted && !wanted.has(cluster.name)) continue;
    planCluster(config, cluster, reader, files, notes);
  }
  return { files, notes };
}

/** The files under networking/coredns/ and networking/coredns-monitoring/, all owned. */
export function planCoreDnsDirectory(config: CoreDnsConfig): PlannedFile[] {
  const sourceFile = config.chart.source === 'oci' ? 'ocirepository.yaml' : 'helmrepository.yaml';
  const sourceUrl = config.chart.source === 'oci' ? CHART_OCI_URL : CHART_HELM_REPOSITORY_URL;
  const { flux, perClusterValues } = config.settings;
  const owned = (dir: string, name: string, data: object): PlannedFile => {
    const path = `${dir}/${name}`;
    const contents = render(path, data);
    return { path, contents: flux.schemaComments ? withSchemaComment(contents) : contents, role: 'owned' };
  };
  return [
    owned(COREDNS_DIR, 'helmrelease.yaml', {
      chart: config.chart,
      flux,
      valuesFrom: perClusterValues ? VALUES_CONFIGMAP : undefined,
      ignoreReplicas: anyAutoscaler(config),
    }),
    owned(COREDNS_DIR, sourceFile, { chart: config.chart, url: sourceUrl, interval: flux.chartInterval ?? '1h' }),
    owned(COREDNS_DIR, 'kustomization.yaml', { resources: ['helmrelease.yaml', sourceFile] }),
    owned(COREDNS_DIR, 'ks.yaml', { dependsOn: config.dependsOn }),
    ...monitoringFiles(config).map(([name, data]) => owned(COREDNS_MONITORING_DIR, name, data)),
  ];
}

function planParentKustomizations(reader: TreeReader, files: PlannedFile[], notes: string[]): void {
  // networking/kustomization.yaml must list coredns/ks.yaml (not coredns/: the directory is
  // applied by its own Flux Kustomization, with substitution and dependsOn).
  const networkingPath = `${NETWORKING_DIR}/kustomization.yaml`;
  const networking = reader.read(networkingPath);
  if (networking === undefined) {
    // Keep what Flux's generated kustomization would have applied from this directory.
    const kept = reader
      .list(NETWORKING_DIR)
      .filter((entry) => entry.name !== 'coredns' && entry.name !== MONITORING_FOLDER)
      .flatMap((entry) => {
        if (entry.isDirectory) return [`${entry.name}/`];
        return /\.ya?ml$/.test(entry.name) ? [entry.name] : [];
      });
    files.push({ path: networkingPath, contents: render(networkingPath, { resources: [...kept, ...NETWORKING_ENTRIES] }), role: 'merged' });
  } else {
    files.push({ path: networkingPath, contents: ensureKustomizationResources(networking, networkingPath, NETWORKING_ENTRIES), role: 'merged' });
  }

  const infrastructurePath = `${INFRASTRUCTURE_DIR}/kustomization.yaml`;
  const infrastructure = reader.read(infrastructurePath);
  if (infrastructure !== undefined) {
    files.push({ path: infrastructurePath, contents: ensureKustomizationResources(infrastructure, infrastructurePath, ['networking']), role: 'merged' });
    return;
  }
  const others = reader.list(INFRASTRUCTURE_DIR).filter((entry) => entry.name !== 'networking');
  if (others.length === 0) {
    files.push({ path: infrastructurePath, contents: render(infrastructurePath, { resources: ['networking'] }), role: 'merged' });
  } else {
    // Flux generates a kustomization for a directory without one and takes networking/ whole;
    // writing one here would drop the other entries, so leave the directory as it is.
    notes.push(`${INFRASTRUCTURE_DIR}/ has no kustomization.yaml; Flux generates one that includes networking/, so none was written`);
  }
}

function planCluster(config: CoreDnsConfig, cluster: ClusterConfig, reader: TreeReader, files: PlannedFile[], notes: string[]): void {
  const dir = clusterDir(cluster.name);
  const settingsPath = `${dir}/cluster-settings.yaml`;
  const existingSettings = reader.read(settingsPath);
  const settings = clusterSettings(cluster);
  files.push({
    path: settingsPath,
    role: 'merged',
    contents:
      existingSettings === undefined
        ? render(settingsPath, { settings }, cluster.name)
        : editConfigMapData(existingSettings, settingsPath, { name: CLUSTER_SETTINGS_NAME, namespace: 'flux-system', set: settings }),
  });

  const entryName = infrastructureKustomizationName(cluster.name);
  const entryPath = `${dir}/infrastructure.yaml`;
  const definedIn = findFluxKustomization(reader, dir, entryName);
  const clusterEntries = ['cluster-settings.yaml'];
  if (config.settings.perClusterValues) {
    const valuesPath = `${dir}/${VALUES_CONFIGMAP.file}`;
    const values = { name: VALUES_CONFIGMAP.name, key: VALUES_CONFIGMAP.key, values: clusterValuesText(config, cluster) };
    files.push({ path: valuesPath, contents: render(valuesPath, values, cluster.name), role: 'owned' });
    clusterEntries.push(VALUES_CONFIGMAP.file);
  }
  if (definedIn === undefined) {
    if (reader.read(entryPath) !== undefined) {
      notes.push(`${entryPath} exists but defines no Kustomization ${entryName}; it was left alone, so cluster ${cluster.name} has no entry point for kubernetes/infrastructure`);
    } else {
      files.push({ path: entryPath, contents: render(entryPath, { name: entryName }, cluster.name), role: 'created' });
      clusterEntries.push('infrastructure.yaml');
    }
  } else if (definedIn === entryPath) {
    clusterEntries.push('infrastructure.yaml');
  }

  // A cluster directory with its own kustomization.yaml only applies what it lists.
  const kustomizationPath = `${dir}/kustomization.yaml`;
  const kustomization = reader.read(kustomizationPath);
  if (kustomization !== undefined) {
    files.push({ path: kustomizationPath, contents: ensureKustomizationResources(kustomization, kustomizationPath, clusterEntries), role: 'merged' });
  }
}

/** The file under `dir` (recursively) that defines the Flux Kustomization `name`, if any. */
function findFluxKustomization(reader: TreeReader, dir: string, name: string): string | undefined {
  for (const entry of reader.list(dir)) {
    const path = posix.join(dir, entry.name);
    if (entry.isDirectory) {
      const found = findFluxKustomization(reader, path, name);
      if (found) return found;
      continue;
    }
    if (!/\.ya?ml$/.test(entry.name)) continue;
    const text = reader.read(path);
    if (text === undefined) continue;
    const match = listObjects(text).some((ref) => ref.kind === 'Kustomization' && ref.name === name && (ref.apiVersion ?? '').startsWith('kustomize.toolkit.fluxcd.io/'));
    if (match) return path;
  }
  return undefined;
}
