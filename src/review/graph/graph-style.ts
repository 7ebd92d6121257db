import type { GraphEdge, GraphNode } from './flux-graph.js';

/** Colours shared by every format, so a legend means the same in dot, svg and html. */
export const COLOURS = {
  kustomization: { fill: '#dbeafe', stroke: '#1d4ed8' },
  helmRelease: { fill: '#dcfce7', stroke: '#15803d' },
  missing: { fill: '#ffffff', stroke: '#b91c1c' },
  edge: '#475569',
  cycle: '#dc2626',
} as const;

export const nodeColours = (node: GraphNode) => (node.missing ? COLOURS.missing : node.kind === 'Kustomization' ? COLOURS.kustomization : COLOURS.helmRelease);

/** Two label lines: what it is, and where. */
export const nodeLines = (node: GraphNode): [string, string] => [`${node.kind}${node.missing ? ' (missing)' : ''}`, `${node.namespace}/${node.name}`];

export const edgeLabel = (edge: GraphEdge): string => (edge.type === 'applies' ? 'applies' : edge.cycle ? 'depends on (cycle)' : 'depends on');
