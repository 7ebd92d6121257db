import type { Finding, RenderedObject } from '../../validate/index.js';
import { isMap } from '../../private/is-map.js';

/** The Flux sources a Kustomization or HelmRelease can name in `sourceRef` / `chartRef`. */
const SOURCE_KINDS = ['GitRepository', 'OCIRepository', 'Bucket', 'HelmRepository', 'HelmChart', 'ExternalArtifact'] as const;
type SourceKind = (typeof SOURCE_KINDS)[number];

export type NodeKind = 'Kustomization' | 'HelmRelease' | SourceKind;

/** The three kinds a reader filters on: sources are one group. */
export const kindGroup = (kind: NodeKind): 'Kustomization' | 'HelmRelease' | 'source' => (kind === 'Kustomization' || kind === 'HelmRelease' ? kind : 'source');

/** Finding codes that mean a Kustomization's build, or (with --helm) a HelmRelease's render, failed (validate names it in `object`). */
const BUILD_FAILURE = /^(build|path|substitute)-|^helm-(values-invalid|render-failed|chart-missing)$/;

export interface GraphNode {
  /** `Kind/namespace/name`, as validate's objectId and `appliedBy` spell it. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly namespace: string;
  readonly name: string;
  /** Named by a dependsOn but not applied to the cluster: Flux waits on it forever. */
  readonly missing: boolean;
  /** Why this Kustomization's build failed (the validate finding's message); absent when it built. */
  readonly failure?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /**
   * `applies`: `from` is the Kustomization whose build emitted `to`; `dependsOn`: `from` waits for
   * `to`; `source`: `from` fetches its files or chart from the source `to`.
   */
  readonly type: 'applies' | 'dependsOn' | 'source';
  /** A dependsOn edge on a cycle: none of the objects on it ever becomes ready. */
  readonly cycle: boolean;
}

export interface FluxGraph {
  readonly cluster: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const FLUX_GROUPS: Record<'Kustomization' | 'HelmRelease', string> = { Kustomization: 'kustomize.toolkit.fluxcd.io/', HelmRelease: 'helm.toolkit.fluxcd.io/' };

/** A Flux Kustomization or HelmRelease as the graph reads it: rendered YAML, so every field is checked before use. */
interface FluxNode {
  readonly kind: 'Kustomization' | 'HelmRelease';
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown };
  readonly spec?: { readonly dependsOn?: unknown; readonly sourceRef?: unknown; readonly chart?: { readonly spec?: { readonly sourceRef?: unknown } }; readonly chartRef?: unknown };
}

const isFluxNode = (o: unknown): o is FluxNode => isMap(o) && (o.kind === 'Kustomization' || o.kind === 'HelmRelease') && String(o.apiVersion).startsWith(FLUX_GROUPS[o.kind]);

/** The sources an object names: a Kustomization's sourceRef, a HelmRelease's chart sourceRef or chartRef. */
const sourceRefs = (object: FluxNode): Array<{ kind: SourceKind; name: string; namespace?: string }> =>
  [object.spec?.sourceRef, object.spec?.chart?.spec?.sourceRef, object.spec?.chartRef].filter(
    (ref): ref is { kind: SourceKind; name: string; namespace?: string } => isMap(ref) && (SOURCE_KINDS as readonly unknown[]).includes(ref.kind) && typeof ref.name === 'string',
  );

/**
 * A cluster's Flux Kustomizations and HelmReleases, who applies whom, their dependsOn, the sources
 * they fetch from, and (from validate's findings) the Kustomizations whose build failed.
 */
export function buildFluxGraph(cluster: string, rendered: readonly RenderedObject[], findings: readonly Finding[] = []): FluxGraph {
  const nodes = new Map<string, GraphNode>();
  const add = (kind: NodeKind, namespace: string, name: string, missing: boolean) => {
    const id = `${kind}/${namespace}/${name}`;
    if (!nodes.has(id) || (nodes.get(id)!.missing && !missing)) nodes.set(id, { id, kind, namespace, name, missing });
    return id;
  };
  const failures = new Map<string, string>();
  for (const f of findings) {
    if (f.cluster === cluster && f.object !== undefined && BUILD_FAILURE.test(f.code) && !failures.has(f.object)) failures.set(f.object, f.message);
  }
  const fluxObjects = rendered.flatMap(({ object, appliedBy }) => (isFluxNode(object) ? [{ object, appliedBy }] : []));
  for (const { object } of fluxObjects) add(object.kind, String(object.metadata?.namespace ?? 'default'), String(object.metadata?.name), false);
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const link = (from: string, to: string, type: GraphEdge['type']) => {
    const key = `${type} ${from} ${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, type, cycle: false });
  };
  for (const { object, appliedBy } of fluxObjects) {
    const namespace = String(object.metadata?.namespace ?? 'default');
    const id = `${object.kind}/${namespace}/${String(object.metadata?.name)}`;
    if (appliedBy && nodes.has(appliedBy)) link(appliedBy, id, 'applies');
    // dependsOn names objects of the same kind; the namespace defaults to the dependent's own.
    for (const dep of Array.isArray(object.spec?.dependsOn) ? (object.spec.dependsOn as unknown[]) : []) {
      if (!isMap(dep) || typeof dep.name !== 'string') continue;
      const depNamespace = String(dep.namespace ?? namespace);
      const target = `${object.kind}/${depNamespace}/${dep.name}`;
      link(id, nodes.has(target) ? target : add(object.kind, depNamespace, dep.name, true), 'dependsOn');
    }
    // A source is often applied by bootstrap, outside what the cluster renders: never called missing.
    for (const ref of sourceRefs(object)) link(id, add(ref.kind, ref.namespace ?? namespace, ref.name, false), 'source');
  }
  const cyclic = cyclicComponents(edges.filter((e) => e.type === 'dependsOn'));
  const sorted = [...nodes.values()].map((n) => (failures.has(n.id) ? { ...n, failure: failures.get(n.id)! } : n)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    cluster,
    nodes: sorted,
    edges: edges.map((e) => (e.type === 'dependsOn' && cyclic.get(e.from) !== undefined && cyclic.get(e.from) === cyclic.get(e.to) ? { ...e, cycle: true } : e)),
  };
}

/** Tarjan's strongly connected components; returns node -> component for components that are cycles. */
function cyclicComponents(edges: readonly GraphEdge[]): Map<string, number> {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result = new Map<string, number>();
  let counter = 0;
  let component = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const members: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      members.push(w);
    } while (w !== v);
    const selfLoop = (next.get(v) ?? []).includes(v);
    if (members.length > 1 || selfLoop) {
      for (const m of members) result.set(m, component);
      component++;
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return result;
}
