import { type GraphEdge, type GraphNode, kindGroup } from './flux-graph.js';

/** Colours shared by every format, so a legend means the same in dot, svg and html. */
export const COLOURS = {
  kustomization: { fill: '#dbeafe', stroke: '#1d4ed8' },
  helmRelease: { fill: '#dcfce7', stroke: '#15803d' },
  source: { fill: '#f3e8ff', stroke: '#7e22ce' },
  missing: { fill: '#ffffff', stroke: '#b91c1c' },
  failed: { fill: '#fecaca', stroke: '#b91c1c' },
  edge: '#475569',
  sourceEdge: '#a78bfa',
  cycle: '#dc2626',
} as const;

export const nodeColours = (node: GraphNode) => {
  if (node.failure !== undefined) return COLOURS.failed;
  if (node.missing) return COLOURS.missing;
  const group = kindGroup(node.kind);
  return group === 'Kustomization' ? COLOURS.kustomization : group === 'HelmRelease' ? COLOURS.helmRelease : COLOURS.source;
};

/** Two label lines: what it is, and where. */
export const nodeLines = (node: GraphNode): [string, string] => [
  `${node.kind}${node.missing ? ' (missing)' : ''}${node.failure !== undefined ? ' (build failed)' : ''}`,
  `${node.namespace}/${node.name}`,
];

export const edgeLabel = (edge: GraphEdge): string => (edge.type === 'applies' ? 'applies' : edge.type === 'source' ? 'source' : edge.cycle ? 'depends on (cycle)' : 'depends on');
