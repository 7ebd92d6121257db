import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { findClusterEntries } from '../validate/discovery/find-cluster-entries.js';
import type { TreeReader } from '../kit/index.js';
import type { LayoutAnswers } from '../model/layout-answers.js';
import { repoObjects } from './repo-objects.js';
import { isFluxKustomization } from '../validate/objects/kube-objects.js';

/** A proposed layout and why. */
export interface DetectedLayout {
  readonly layout: LayoutAnswers;
  readonly reason: string;
}

const rel = (root: string, dir: string) => relative(root, dir).split(sep).join('/');

/**
 * Reads the repository (validate's discovery finds the clusters' entry folders) and proposes
 * where CoreDNS goes. An empty repository, or one in the story's shape, gets the story layout.
 */
export function detectLayout(root: string, reader: TreeReader): DetectedLayout {
  const entries = findClusterEntries(root);
  if (entries.length === 0)
    return { layout: { kind: 'categories' }, reason: 'no Flux cluster entry found: the categories layout (kubernetes/clusters/<cluster>, apps in kubernetes/infrastructure/<category>/)' };
  const dirs = entries.map((e) => rel(root, e.dir));
  if (dirs.every((d) => d.startsWith('kubernetes/clusters/'))) return { layout: { kind: 'categories' }, reason: `clusters in kubernetes/clusters/: the categories layout` };

  const objects = repoObjects(reader);
  const fluxKs = objects.flatMap(({ file, object }) => (dirs.some((d) => file.startsWith(`${d}/`)) && isFluxKustomization(object) ? [{ file, object }] : []));
  const substituted = fluxKs.flatMap(({ object }) => object.spec?.postBuild?.substituteFrom ?? []).find((s) => s?.name);
  const settings = substituted ? { settingsName: String(substituted.name), ...(substituted.kind === 'Secret' ? { settingsKind: 'Secret' as const } : {}) } : {};
  const gitRef = fluxKs.map(({ object }) => object.spec?.sourceRef).find((r) => r?.kind === 'GitRepository' && r.name);
  const gitRepository = gitRef ? { gitRepository: { name: String(gitRef.name), namespace: String(gitRef.namespace ?? 'flux-system') } } : {};

  // home-ops: one cluster whose Kustomizations apply kubernetes/apps (namespace folders of apps).
  const appsPath = fluxKs
    .map(({ object }) =>
      String(object.spec?.path ?? '')
        .replace(/^\.\//, '')
        .replace(/\/$/, ''),
    )
    .find((p) => basename(p) === 'apps' && existsSync(join(root, p)) && !existsSync(join(root, p, 'kustomization.yaml')));
  if (entries.length === 1 && appsPath) {
    return {
      layout: { kind: 'apps', appDir: `${appsPath}/kube-system/coredns`, clustersDir: dirs[0]!, ...settings, ...gitRepository },
      reason: `one cluster (${dirs[0]}) applying ${appsPath}/<namespace>/<app>: the apps layout (home-ops)`,
    };
  }
  const parents = new Set(dirs.map((d) => dirname(d)));
  if (parents.size === 1) {
    const clustersDir = [...parents][0]!;
    return {
      layout: { kind: 'infrastructure', clustersDir, ...settings, ...gitRepository },
      reason: `clusters in ${clustersDir}/<cluster>: the infrastructure layout (flux2-kustomize-helm-example)`,
    };
  }
  return { layout: { kind: 'categories' }, reason: `entry folders ${dirs.join(', ')} fit no known layout: the categories layout; pass --layout, --app-dir and --clusters-dir to place CoreDNS` };
}
