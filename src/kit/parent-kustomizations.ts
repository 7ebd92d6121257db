import { ensureKustomizationResources } from '../edit/index.js';
import { renderKitFile } from './app-templates.js';
import { INFRASTRUCTURE_DIR, groupDir } from './folders.js';
import type { AppPlan, TreeReader } from './planned-file.js';

/** Where an app's folders sit: a group folder under kubernetes/infrastructure. */
export interface AppPlacement {
  /** The group folder's name (networking, observability). */
  readonly group: string;
  /** The app's own folders in the group, each applied by its own Flux Kustomization (`<folder>/ks.yaml`). */
  readonly folders: readonly string[];
}

/**
 * The group's kustomization.yaml lists each app folder's ks.yaml (not the folder: it is applied
 * by its own Flux Kustomization, with substitution and dependsOn), and infrastructure's lists the
 * group. Existing files keep their entries; a new one keeps what Flux's generated kustomization
 * would have applied from the directory.
 */
export function planParentKustomizations(placement: AppPlacement, reader: TreeReader, plan: AppPlan): void {
  const dir = groupDir(placement.group);
  const entries = placement.folders.map((folder) => `${folder}/ks.yaml`);
  const groupPath = `${dir}/kustomization.yaml`;
  const existing = reader.read(groupPath);
  if (existing === undefined) {
    const kept = reader
      .list(dir)
      .filter((entry) => !placement.folders.includes(entry.name))
      .flatMap((entry) => {
        if (entry.isDirectory) return [`${entry.name}/`];
        return /\.ya?ml$/.test(entry.name) ? [entry.name] : [];
      });
    plan.files.push({ path: groupPath, contents: renderKitFile('kustomization.yaml', { resources: [...kept, ...entries] }), role: 'merged' });
  } else {
    plan.files.push({ path: groupPath, contents: ensureKustomizationResources(existing, groupPath, entries), role: 'merged' });
  }

  const infrastructurePath = `${INFRASTRUCTURE_DIR}/kustomization.yaml`;
  const infrastructure = reader.read(infrastructurePath);
  if (infrastructure !== undefined) {
    plan.files.push({ path: infrastructurePath, contents: ensureKustomizationResources(infrastructure, infrastructurePath, [placement.group]), role: 'merged' });
    return;
  }
  const others = reader.list(INFRASTRUCTURE_DIR).filter((entry) => entry.name !== placement.group);
  if (others.length === 0) {
    plan.files.push({ path: infrastructurePath, contents: renderKitFile('kustomization.yaml', { resources: [placement.group] }), role: 'merged' });
  } else {
    // Flux generates a kustomization for a directory without one and takes the group whole;
    // writing one here would drop the other entries, so leave the directory as it is.
    plan.notes.push(`${INFRASTRUCTURE_DIR}/ has no kustomization.yaml; Flux generates one that includes ${placement.group}/, so none was written`);
  }
}
