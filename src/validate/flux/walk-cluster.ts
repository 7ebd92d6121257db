import { type RenderedObject, type UntrustedObject, fieldAt, objectId } from '../objects/index.js';
import { type WalkContext, buildKustomization } from './build-kustomization.js';
import { isFluxKustomization } from '../objects/kube-objects.js';
import { generatedArtifacts } from '../sources/artifact-generators.js';

/** What one cluster applies, and the Flux Kustomizations followed to get it, in order. */
export interface ClusterTree {
  readonly rendered: RenderedObject[];
  readonly followed: string[];
  /** Objects controllers make from the rendered ones (ExternalArtifacts of ArtifactGenerators), for the checks. */
  readonly standIns: RenderedObject[];
}

interface Pending {
  readonly entry: RenderedObject;
  /** Second try: a substituteFrom source still missing is now an error. */
  readonly final: boolean;
}

/**
 * Walks a cluster's Flux tree breadth first from its entry folder's objects (`own`): builds each Kustomization
 * (whatever source it uses, when that source is a folder here) and follows the Kustomizations
 * it emits. One waiting for a substituteFrom source is retried after the rest, since another
 * Kustomization may apply that source.
 */
export async function walkCluster(ctx: WalkContext, own: readonly RenderedObject[]): Promise<ClusterTree> {
  const rendered: RenderedObject[] = [...own];
  const standIns: RenderedObject[] = [];
  // ArtifactGenerators make sources; those copying from folders here are built like any other.
  const learnSources = (objects: readonly RenderedObject[]) => {
    for (const artifact of generatedArtifacts(objects, ctx.sources)) {
      ctx.sources.addArtifact(artifact);
      standIns.push(artifact.standIn);
    }
  };
  learnSources(own);
  const present = new Set(own.map(({ object, file }) => `${objectId(object)}@${file}`));
  let queue: Pending[] = own.filter(({ object }) => isFluxKustomization(object)).map((entry) => ({ entry, final: false }));
  let deferred: Pending[] = [];
  const followed: string[] = [];
  const seen = new Set<string>();
  while (queue.length > 0 || deferred.length > 0) {
    if (queue.length === 0) [queue, deferred] = [deferred.map(({ entry }) => ({ entry, final: true })), []];
    const pending = queue.shift()!;
    const { object: ks, file } = pending.entry;
    const id = objectId(ks);
    if (seen.has(id)) continue;
    const outcome = await buildKustomization(ctx, ks, file, rendered, pending.final);
    if (outcome === 'defer') {
      deferred.push(pending);
      continue;
    }
    seen.add(id);
    followed.push(id);
    if (outcome === 'self') continue;
    // spec.kubeConfig: Flux applies these objects to another cluster; they are not this one's.
    if (fieldAt(ks.spec, 'kubeConfig')) {
      remote(ctx, ks, file, outcome.length);
      continue;
    }
    learnSources(outcome);
    for (const built of outcome) {
      // A Kustomization applying its own folder again (bootstrap then self-manage) adds nothing new.
      const key = `${objectId(built.object)}@${built.file}`;
      if (present.has(key)) continue;
      present.add(key);
      const entry: RenderedObject = { ...built, appliedBy: id };
      rendered.push(entry);
      if (isFluxKustomization(entry.object)) queue.push({ entry, final: false });
    }
  }
  return { rendered, followed, standIns };
}

/** One note per Kustomization that applies to another cluster through spec.kubeConfig. */
function remote(ctx: WalkContext, ks: UntrustedObject, file: string | undefined, count: number): void {
  const secret = fieldAt(ks.spec, 'kubeConfig', 'secretRef', 'name') ?? fieldAt(ks.spec, 'kubeConfig', 'configMapRef', 'name') ?? '?';
  ctx.findings.push({
    code: 'kustomization-remote-cluster',
    severity: 'info',
    cluster: ctx.cluster,
    ...(file ? { file } : {}),
    object: objectId(ks),
    path: 'spec.kubeConfig',
    message: `applies its ${count} objects to the cluster of kubeConfig ${secret}, not to this one: they are built, and not counted or checked as this cluster's`,
    fix: 'nothing to fix; validate that cluster from its own entry to check them there',
  });
}
