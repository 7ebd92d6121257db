import { posix } from 'node:path';
import { type LayoutAnswers, type LayoutKind, layoutKindOf } from '../model/layout-answers.js';

/** A layout with every default filled in: where each CoreDNS file goes and how Flux reaches it. */
export interface Layout {
  readonly kind: LayoutKind;
  /** The app's folder (categories: the CoreDNS directory; apps: holds ks.yaml and app/). */
  readonly appDir: string;
  /** Categories and infrastructure: the folder holding one entry folder per cluster; apps: the one cluster's entry folder. */
  readonly clustersDir: string;
  readonly settings: { readonly name: string; readonly kind: 'ConfigMap' | 'Secret' };
  readonly gitRepository: { readonly name: string; readonly namespace: string };
  readonly adopt?: string;
}

const DEFAULTS: Record<LayoutKind, { appDir: string; clustersDir: string }> = {
  categories: { appDir: 'kubernetes/infrastructure/networking/coredns', clustersDir: 'kubernetes/clusters' },
  // home-ops: kubernetes/apps/<namespace>/<app>/{ks.yaml,app/}, reached from kubernetes/flux/cluster/ks.yaml.
  apps: { appDir: 'kubernetes/apps/kube-system/coredns', clustersDir: 'kubernetes/flux/cluster' },
  // flux2-kustomize-helm-example: clusters/<env>/*.yaml, shared manifests under infrastructure/.
  infrastructure: { appDir: 'infrastructure/coredns', clustersDir: 'clusters' },
};

export function resolveLayout(answers: LayoutAnswers | undefined): Layout {
  // Answers not yet through the model may still name the layout by its legacy name.
  const kind = layoutKindOf(answers?.kind) ?? 'categories';
  return {
    kind,
    appDir: answers?.appDir ?? DEFAULTS[kind].appDir,
    clustersDir: answers?.clustersDir ?? DEFAULTS[kind].clustersDir,
    settings: { name: answers?.settingsName ?? 'cluster-settings', kind: answers?.settingsKind ?? 'ConfigMap' },
    gitRepository: answers?.gitRepository ?? { name: 'flux-system', namespace: 'flux-system' },
    ...(answers?.adopt ? { adopt: answers.adopt } : {}),
  };
}

/** Where the chart's manifests go (home-ops keeps them in app/ next to ks.yaml). */
export function manifestDir(layout: Layout): string {
  return layout.kind === 'apps' ? `${layout.appDir}/app` : layout.appDir;
}

/** One cluster's entry folder: the folder its flux-system sync applies. */
export function clusterEntryDir(layout: Layout, cluster: string): string {
  return layout.kind === 'apps' ? layout.clustersDir : `${layout.clustersDir}/${cluster}`;
}

/** A Flux Kustomization file for CoreDNS and the kustomization.yaml that must list it (with its entry). */
export interface KsPlacement {
  readonly path: string;
  /** The kustomization.yaml listing it; a folder without one is taken whole by Flux. */
  readonly listedBy: string;
  readonly entry: string;
}

/**
 * Where the app's Flux Kustomization lives. apps: one ks.yaml next to app/, listed by the
 * namespace folder; infrastructure: one per cluster in its entry folder, since the shared
 * infrastructure Kustomization substitutes nothing per cluster.
 */
export function ksPlacements(layout: Layout, clusters: readonly string[]): KsPlacement[] {
  if (layout.kind === 'infrastructure') {
    return clusters.map((c) => ({ path: `${clusterEntryDir(layout, c)}/coredns.yaml`, listedBy: `${clusterEntryDir(layout, c)}/kustomization.yaml`, entry: 'coredns.yaml' }));
  }
  const parent = posix.dirname(layout.appDir);
  return [{ path: `${layout.appDir}/ks.yaml`, listedBy: `${parent}/kustomization.yaml`, entry: `./${posix.basename(layout.appDir)}/ks.yaml` }];
}
