import type { RenderedObject } from '../objects/index.js';
import type { ClusterIndex } from './cluster-context.js';
import { objectId } from '../objects/index.js';
import { isFluxKustomization, listOf, namespaceOf } from '../objects/kube-objects.js';

/** The cluster's own sync (flux bootstrap) applies what no Flux Kustomization of the repository does. */
const OWN_SYNC = "the cluster's own sync (flux-system)";

/** Kustomizations that wait on each other in a ring never become ready: Flux waits forever. */
export function checkDependsOnCycles(index: ClusterIndex): void {
  const kustomizations = index.select(isFluxKustomization);
  const key = (namespace: string, name: string) => `${namespace}/${name}`;
  const byKey = new Map(kustomizations.map((entry) => [key(namespaceOf(entry.object), entry.object.metadata?.name ?? '?'), entry]));
  const edges = (from: string) => {
    const entry = byKey.get(from)!;
    return listOf<{ name?: string; namespace?: string }>(entry.object.spec?.dependsOn)
      .map((dep, i) => ({ to: key(dep?.namespace ?? namespaceOf(entry.object), String(dep?.name)), i }))
      .filter(({ to }) => byKey.has(to));
  };
  // Depth-first search; a back edge to a node on the stack closes a cycle. Each cycle is
  // reported once, on its alphabetically first member, so the report does not depend on order.
  const state = new Map<string, 'open' | 'done'>();
  const reported = new Set<string>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const { to } of edges(node)) {
      if (state.get(to) === 'open') reportCycle(stack.slice(stack.indexOf(to)));
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(node, 'done');
  };
  const reportCycle = (ring: string[]) => {
    const first = [...ring].sort()[0]!;
    const start = ring.indexOf(first);
    const ordered = [...ring.slice(start), ...ring.slice(0, start)];
    const id = ordered.join(' -> ');
    if (reported.has(id)) return;
    reported.add(id);
    const next = ordered[1] ?? first;
    const edge = edges(first).find(({ to }) => to === next)!;
    index.reporter(byKey.get(first)!)(
      'dependsOn-cycle',
      'error',
      `spec.dependsOn[${edge.i}]`,
      `dependsOn cycle ${[...ordered, first].join(' -> ')}: none of them ever becomes ready`,
      'remove one dependency of the cycle',
    );
  };
  for (const node of [...byKey.keys()].sort()) if (!state.has(node)) visit(node);
}

/**
 * Flux Kustomizations that are the cluster's own sync: bootstrap's flux-system Kustomization
 * builds the cluster directory, so what it applies is the directory's own objects again.
 */
function ownSyncs(index: ClusterIndex): Set<string> {
  const ownFiles = index.objects.filter((e) => !e.appliedBy && e.file).map((e) => e.file!);
  const covers = (path: unknown) => {
    const dir = String(path ?? '')
      .replace(/^\.?\/+/, '')
      .replace(/\/+$/, '');
    return ownFiles.some((file) => dir === '' || file.startsWith(`${dir}/`));
  };
  return new Set(
    index
      .select(isFluxKustomization)
      .filter((e) => covers(e.object.spec?.path))
      .map((e) => objectId(e.object)),
  );
}

/** Two Flux Kustomizations applying one object fight over it, and pruning by one deletes the other's. */
export function checkDuplicateObjects(index: ClusterIndex): void {
  const own = ownSyncs(index);
  const applier = (entry: RenderedObject) => (entry.appliedBy && !own.has(entry.appliedBy) ? entry.appliedBy : OWN_SYNC);
  const entriesById = new Map<string, RenderedObject[]>();
  for (const entry of index.objects) {
    const id = objectId(entry.object);
    entriesById.set(id, [...(entriesById.get(id) ?? []), entry]);
  }
  for (const [id, entries] of entriesById) {
    const by = [...new Set(entries.map(applier))];
    if (by.length < 2) continue;
    const second = entries.find((e) => applier(e) === by[1])!;
    index.reporter(second)(
      'duplicate-object',
      'error',
      undefined,
      `${id} is applied by both ${by[0]} and ${by[1]}${by.length > 2 ? ` (and ${by.length - 2} more)` : ''}: they overwrite each other, and pruning by one deletes it`,
      'apply it from one Flux Kustomization only',
    );
  }
}
