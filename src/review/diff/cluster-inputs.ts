import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ClusterReport } from '../../validate/index.js';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * The files a cluster's render read, so diff can skip rendering the base of clusters no changed
 * file touches: the cluster's own directory, each object's file, and the kustomization files of
 * every directory from those files (and each Flux Kustomization's spec.path) up to the root.
 * Conservative by construction: ancestors are included whether or not kustomize walked them.
 */
export function clusterInputs(repo: string, cluster: ClusterReport): { files: Set<string>; dirs: string[] } {
  const files = new Set<string>();
  const dirs = [`kubernetes/clusters/${cluster.name}/`];
  const addAncestors = (dir: string) => {
    for (let at = posix.normalize(dir); at !== '.' && at !== '/' && at !== ''; at = posix.dirname(at)) {
      for (const name of KUSTOMIZATION_FILES) if (existsSync(join(repo, at, name))) files.add(`${at}/${name}`);
    }
  };
  for (const { object, file } of cluster.rendered ?? []) {
    if (file) {
      files.add(file);
      addAncestors(posix.dirname(file));
    }
    const path = object.spec?.path;
    if (object.kind === 'Kustomization' && typeof path === 'string') addAncestors(posix.normalize(path).replace(/^\.\//, ''));
  }
  return { files, dirs };
}

/** Whether any changed file is one of the cluster's inputs. */
export function touches(inputs: { files: Set<string>; dirs: string[] }, changed: readonly string[]): boolean {
  return changed.some((file) => inputs.files.has(file) || inputs.dirs.some((dir) => file.startsWith(dir)));
}
