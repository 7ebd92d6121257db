import { basename, dirname, resolve } from 'node:path';
import { isInside } from '../../flux/confined-tree.js';
import { fieldAt } from '../../objects/index.js';
import type { ClusterEntry } from '../find-cluster-entries.js';
import { folderIn, kustomizationFileIn, yamlObjects } from './discovery-files.js';

// Entries that a Flux installer declares rather than bootstrap writes: flux-operator's
// FluxInstance (or the flux-instance chart's values) and KSail's cluster config.

/** An entry before it is named. */
export type FoundEntry = Omit<ClusterEntry, 'name'>;

/** A FluxInstance's sync as its file states it; `namespace` is undefined when the file does not say (kustomize sets it). */
export interface InstanceSync {
  readonly sync: Record<string, unknown>;
  readonly namespace?: string;
  /** The folder the sync's artifact holds, when the file says (KSail's sourceDirectory); else searched upward. */
  readonly root?: string;
}

/** The `spec.sync` of a FluxInstance, of a HelmRelease of the flux-instance chart, or of that chart's values file, with the namespace Flux runs in where the file states it. */
export function instanceSyncs(file: string): InstanceSync[] {
  const out: InstanceSync[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const stated = (...values: unknown[]) => values.find((v): v is string => typeof v === 'string' && v !== '');
  for (const o of yamlObjects(file, ['sync', 'ksail.io/'])) {
    const kind = fieldAt(o, 'kind');
    const namespace = fieldAt(o, 'metadata', 'namespace');
    const instanceSync = fieldAt(o, 'spec', 'sync');
    const releaseSync = fieldAt(o, 'spec', 'values', 'instance', 'sync');
    const valuesSync = fieldAt(o, 'instance', 'sync');
    if (kind === 'FluxInstance' && String(fieldAt(o, 'apiVersion')).startsWith('fluxcd.controlplane.io/') && isObject(instanceSync)) {
      out.push({ sync: instanceSync, namespace: stated(namespace) });
    } else if (kind === 'HelmRelease' && isObject(releaseSync)) {
      // The chart puts the instance in the release's target namespace.
      out.push({ sync: releaseSync, namespace: stated(fieldAt(o, 'spec', 'targetNamespace'), namespace) });
    } else if (kind === undefined && isObject(valuesSync)) {
      // The flux-instance chart's values file: the release's namespace is the folder's.
      out.push({ sync: valuesSync });
    } else if (kind === 'Cluster' && String(fieldAt(o, 'apiVersion')).startsWith('ksail.io/')) {
      out.push(...ksailSync(dirname(file), o));
    }
  }
  return out;
}

/**
 * A KSail cluster config (ksail.yaml) whose GitOps engine is Flux: on `ksail cluster create` it
 * pushes `spec.workload.sourceDirectory` (default k8s, beside the config) as an OCI artifact and
 * installs a FluxInstance `flux` in flux-system syncing it (OCIRepository, path
 * `spec.workload.kustomizationFile`, default the artifact's root): devantler-tech/ksail,
 * pkg/svc/installer/flux/fluxinstance_manager.go (buildInstance) and pkg/apis/cluster/v1alpha1/types.go.
 */
function ksailSync(dir: string, config: object): InstanceSync[] {
  if (String(fieldAt(config, 'spec', 'cluster', 'gitOpsEngine')).toLowerCase() !== 'flux') return [];
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const source = text(fieldAt(config, 'spec', 'workload', 'sourceDirectory')) ?? 'k8s';
  const path = text(fieldAt(config, 'spec', 'workload', 'kustomizationFile')) ?? './';
  // The registry KSail pushes to is chosen at run time (its local registry, per cluster); the
  // stand-in source only needs an OCI URL.
  const url = `oci://local-registry/${basename(source)}`;
  return [{ sync: { kind: 'OCIRepository', url, path: path.startsWith('./') || path === '.' ? path : `./${path}` }, namespace: 'flux-system', root: resolve(dir, source) }];
}

/**
 * The namespace kustomize gives the objects of a file in `dir` that states none: the nearest
 * folder at or above it that a Flux Kustomization of the repository builds (its
 * targetNamespace) or that has a kustomization.yaml (its `namespace`). Undefined when neither
 * says; Flux then uses its own namespace.
 */
function appliedNamespace(repo: string, dir: string, targetNamespaces: ReadonlyMap<string, string | undefined>): string | undefined {
  for (let d = dir; isInside(repo, d); d = dirname(d)) {
    const kustomization = kustomizationFileIn(d);
    const own = kustomization ? fieldAt(yamlObjects(kustomization)[0], 'namespace') : undefined;
    if (targetNamespaces.has(d)) return targetNamespaces.get(d) ?? (typeof own === 'string' ? own : undefined);
    if (kustomization) return typeof own === 'string' ? own : undefined;
    if (d === resolve(repo)) break;
  }
  return undefined;
}

/** A FluxInstance sync found in a file of `dir`, its namespace still to be settled. */
export interface FoundInstance {
  readonly dir: string;
  readonly sync: InstanceSync;
}

/**
 * The entry a FluxInstance syncs. The sync path is relative to the source's root, which for an
 * OCI artifact is whatever folder CI pushed: the nearest folder at or above the instance's file
 * (inside the repository) where that path is a folder.
 */
export function instanceEntry(repo: string, { dir, sync: { sync, namespace: stated, root: given } }: FoundInstance, targetNamespaces: ReadonlyMap<string, string | undefined>): FoundEntry | undefined {
  const namespace = stated ?? appliedNamespace(repo, dir, targetNamespaces) ?? 'flux-system';
  const name = typeof sync.name === 'string' && sync.name !== '' ? sync.name : namespace;
  // spec.sync.path is required: a values file without one (set at install time) names no folder.
  if (typeof sync.path !== 'string' || sync.path === '') return undefined;
  const path = sync.path;
  for (let root = given ?? dir; isInside(repo, root); root = dirname(root)) {
    const target = folderIn(root, path);
    if (target) {
      const kind = typeof sync.kind === 'string' ? sync.kind : 'GitRepository';
      return { dir: target, syncSource: `${namespace}/${name}`, syncKind: kind, syncRoot: root, instance: { namespace, name, path, ...(typeof sync.url === 'string' ? { url: sync.url } : {}) } };
    }
    if (given !== undefined || root === resolve(repo)) break;
  }
  return undefined;
}
