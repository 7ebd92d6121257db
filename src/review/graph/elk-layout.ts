import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { FluxGraph, GraphEdge, GraphNode } from './flux-graph.js';
import { nodeLines } from './graph-style.js';

interface Point {
  readonly x: number;
  readonly y: number;
}

interface PlacedNode {
  readonly node: GraphNode;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly edge: GraphEdge;
  /** The route, start on `from`'s border to end on `to`'s; every segment horizontal or vertical. */
  readonly points: readonly Point[];
}

export interface ClusterLayout {
  readonly graph: FluxGraph;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  /** Every applies and dependsOn edge; source edges are not drawn (see `layoutCluster`). */
  readonly edges: readonly PlacedEdge[];
}

// No font is embedded, so widths are estimated from the character count (generous for 12px sans).
const CHAR_WIDTH = 7.2;
const NODE_HEIGHT = 44;

/**
 * ELK's layered algorithm with orthogonal routing: nodes in columns by dependency, edges routed
 * in the channels between columns and rows, so no edge runs through a box. Disconnected parts are
 * packed towards `aspectRatio` instead of stacked in one tall column.
 */
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.spacing.nodeNode': '16',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '6',
  'elk.spacing.componentComponent': '40',
  'elk.separateConnectedComponents': 'true',
  'elk.aspectRatio': '1.6',
  // Slower than the default (Brandes-Koepf) but about half as tall on a 100-Kustomization cluster.
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
};

/**
 * One cluster's graph laid out (at generation time: the page needs no layout code). Source edges
 * are left out: one GitRepository that every Kustomization fetches from would tie a hundred lines
 * to one box, stretch every layer and take ELK six times as long; the tooltips name each source.
 */
export async function layoutCluster(graph: FluxGraph): Promise<ClusterLayout> {
  const root: ElkNode = {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: graph.nodes.map((node, i) => ({ id: `n${i}`, width: Math.ceil(Math.max(...nodeLines(node).map((l) => l.length)) * CHAR_WIDTH) + 24, height: NODE_HEIGHT })),
    edges: [],
  };
  const index = new Map(graph.nodes.map((node, i) => [node.id, `n${i}`]));
  const drawn = graph.edges.filter((edge) => edge.type !== 'source');
  root.edges = drawn.map((edge, i) => ({ id: `e${i}`, sources: [index.get(edge.from)!], targets: [index.get(edge.to)!] }));
  // Loaded here, not at start-up: 1.6 MB that only svg and html need. A CommonJS module whose
  // exports are the class, with itself as `default` (what the types describe).
  const { default: elk } = await import('elkjs/lib/elk.bundled.js');
  const laid = await new elk.default().layout(root);
  // Matched back by id (n<i>, e<i>), not by the order ELK returns them in.
  const placed = new Map((laid.children ?? []).map((child) => [child.id, child]));
  const routed = new Map((laid.edges ?? []).map((e) => [e.id, e]));
  const nodes = graph.nodes.map((node, i) => {
    const child = placed.get(`n${i}`);
    return { node, x: child?.x ?? 0, y: child?.y ?? 0, width: child?.width ?? 0, height: child?.height ?? 0 };
  });
  const edges = drawn.map((edge, i) => {
    const section = routed.get(`e${i}`)?.sections?.[0];
    const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
    return { edge, points: points.map(({ x, y }) => ({ x, y })) };
  });
  return { graph, width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), nodes, edges };
}
