import { posix } from 'node:path';
import { editConfigMapData, ensureKustomizationResources, listObjects } from '../edit/index.js';
import { renderKitFile } from './app-templates.js';
import { CLUSTER_SETTINGS_NAME, clusterDir, infrastructureKustomizationName } from './folders.js';
import type { AppPlan, PlannedFile, TreeReader } from './planned-file.js';

/** A file of one cluster's own (CoreDNS's values ConfigMap), listed by the cluster's kustomization. */
export interface ClusterFile {
  readonly file: PlannedFile;
  /** Its name in the cluster directory's kustomization.yaml. */
  readonly listed: string;
}

/**
 * The app's keys merged into the cluster's cluster-settings ConfigMap (created when missing), its
 * own files, the cluster's entry point for kubernetes/infrastructure (created once, never
 * touched again) and the cluster directory's kustomization.yaml when it has one.
 */
export function planClusterEntry(cluster: string, settings: Readonly<Record<string, string>>, own: readonly ClusterFile[], reader: TreeReader, plan: AppPlan): void {
  const dir = clusterDir(cluster);
  const settingsPath = `${dir}/cluster-settings.yaml`;
  const existingSettings = reader.read(settingsPath);
  plan.files.push({
    path: settingsPath,
    role: 'merged',
    contents:
      existingSettings === undefined
        ? renderKitFile('cluster/cluster-settings.yaml', { settings })
        : editConfigMapData(existingSettings, settingsPath, { name: CLUSTER_SETTINGS_NAME, namespace: 'flux-system', set: settings }),
  });

  const entryName = infrastructureKustomizationName(cluster);
  const entryPath = `${dir}/infrastructure.yaml`;
  const definedIn = findFluxKustomization(reader, dir, entryName);
  const clusterEntries = ['cluster-settings.yaml'];
  for (const { file, listed } of own) {
    plan.files.push(file);
    clusterEntries.push(listed);
  }
  if (definedIn === undefined) {
    if (reader.read(entryPath) !== undefined) {
      plan.notes.push(`${entryPath} exists but defines no Kustomization ${entryName}; it was left alone, so cluster ${cluster} has no entry point for kubernetes/infrastructure`);
    } else {
      plan.files.push({ path: entryPath, contents: renderKitFile('cluster/infrastructure.yaml', { name: entryName }), role: 'created' });
      clusterEntries.push('infrastructure.yaml');
    }
  } else if (definedIn === entryPath) {
    clusterEntries.push('infrastructure.yaml');
  }

  // A cluster directory with its own kustomization.yaml only applies what it lists.
  const kustomizationPath = `${dir}/kustomization.yaml`;
  const kustomization = reader.read(kustomizationPath);
  if (kustomization !== undefined) {
    plan.files.push({ path: kustomizationPath, contents: ensureKustomizationResources(kustomization, kustomizationPath, clusterEntries), role: 'merged' });
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
