export { buildFluxGraph, type FluxGraph, type GraphEdge, type GraphNode, type NodeKind } from './flux-graph.js';
export { formatDot, formatMermaid } from './format-text-graph.js';
export { formatSvg } from './layout-svg.js';
export { formatHtml } from './format-html.js';
export { COLOURS } from './graph-style.js';
export { repoGraphs, runGraphCommand } from './graph-command.js';
