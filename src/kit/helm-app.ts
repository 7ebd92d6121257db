import { type ClusterFile, planClusterEntry } from './cluster-entry.js';
import { type AppPlacement, planParentKustomizations } from './parent-kustomizations.js';
import type { AppPlan, PlannedFile, TreeReader } from './planned-file.js';

/** One cluster as a Helm app sees it: its keys in cluster-settings and its own files. */
export interface HelmAppCluster {
  readonly name: string;
  /** The app's keys in the cluster's cluster-settings ConfigMap (substituted by Flux). */
  readonly settings: Readonly<Record<string, string>>;
  /** Files of the cluster's own, listed by its kustomization.yaml. @default none */
  readonly files?: readonly ClusterFile[];
}

/** A Helm-based platform app, as its service describes it. */
export interface HelmApp extends AppPlacement {
  /** The app's owned files in its folders (HelmRelease, source, kustomization.yaml, ks.yaml). */
  readonly files: readonly PlannedFile[];
  readonly clusters: readonly HelmAppCluster[];
}

/** What to plan. */
export interface HelmAppScope {
  /** Plan the shared files (the app's folders and the parent kustomizations). @default true */
  readonly shared?: boolean;
  /** Plan per-cluster files only for these clusters. @default every cluster of the app */
  readonly clusters?: readonly string[];
}

/**
 * Every file a Helm app needs, with its final contents: its folders, the parent kustomizations,
 * and each cluster's settings keys and entry point. Pure apart from `reader`: the same app and
 * the same tree give the same bytes, so a re-run writes nothing.
 */
export function planHelmApp(app: HelmApp, reader: TreeReader, scope: HelmAppScope = {}): AppPlan {
  const plan: AppPlan = { files: [], notes: [] };
  if (scope.shared ?? true) {
    plan.files.push(...app.files);
    planParentKustomizations(app, reader, plan);
  }
  const wanted = scope.clusters ? new Set(scope.clusters) : undefined;
  for (const cluster of app.clusters) {
    if (wanted && !wanted.has(cluster.name)) continue;
    planClusterEntry(cluster.name, cluster.settings, cluster.files ?? [], reader, plan);
  }
  return plan;
}
