import dagre from '@dagrejs/dagre';
import type { FluxGraph, GraphEdge } from './flux-graph.js';
import { COLOURS, edgeLabel, nodeColours, nodeLines } from './graph-style.js';

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
// No font is embedded, so widths are estimated from the character count (generous for 12px sans).
const CHAR_WIDTH = 7.2;
const NODE_HEIGHT = 44;
const MARGIN = 20;
const TITLE_HEIGHT = 28;

/**
 * Standalone SVG (no fonts, scripts or links to fetch): each cluster laid out left to right by
 * dagre and stacked below the previous one. Missing nodes are dashed, cycle edges red.
 */
export function formatSvg(graphs: readonly FluxGraph[]): string {
  const parts: string[] = [];
  let top = MARGIN;
  let width = 320;
  for (const graph of graphs) {
    const { body, w, h } = layoutCluster(graph);
    parts.push(
      `<g transform="translate(${MARGIN},${top})">`,
      `<text x="0" y="16" ${FONT} font-size="16" font-weight="bold" fill="#0f172a">cluster ${xml(graph.cluster)}</text>`,
      `<g transform="translate(0,${TITLE_HEIGHT})">`,
      body,
      '</g></g>',
    );
    top += TITLE_HEIGHT + h + MARGIN * 2;
    width = Math.max(width, w + MARGIN * 2);
  }
  const height = Math.max(top, 80);
  const marker = (id: string, colour: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs>${marker('arrow', COLOURS.edge)}${marker('arrow-cycle', COLOURS.cycle)}</defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function layoutCluster(graph: FluxGraph): { body: string; w: number; h: number } {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 70, edgesep: 12, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    const longest = Math.max(...nodeLines(node).map((line) => line.length));
    g.setNode(node.id, { width: Math.ceil(longest * CHAR_WIDTH) + 24, height: NODE_HEIGHT });
  }
  graph.edges.forEach((edge, i) => {
    g.setEdge({ v: edge.from, w: edge.to, name: String(i) }, { width: edgeLabel(edge).length * 6, height: 14, labelpos: 'c' });
  });
  dagre.layout(g);
  const out: string[] = [];
  graph.edges.forEach((edge, i) => out.push(edgeSvg(edge, g.edge({ v: edge.from, w: edge.to, name: String(i) }) as EdgeLayout)));
  for (const node of graph.nodes) {
    const { x, y, width, height } = g.node(node.id) as { x: number; y: number; width: number; height: number };
    const { fill, stroke } = nodeColours(node);
    const [kind, where] = nodeLines(node).map(xml);
    out.push(
      `<g class="node" data-id="${xml(node.id)}">`,
      `<rect x="${r(x - width / 2)}" y="${r(y - height / 2)}" width="${width}" height="${height}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="1.5"${node.missing ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${r(x)}" y="${r(y - 4)}" text-anchor="middle" ${FONT} font-size="11" fill="#334155">${kind}</text>`,
      `<text x="${r(x)}" y="${r(y + 12)}" text-anchor="middle" ${FONT} font-size="12" fill="#0f172a">${where}</text>`,
      '</g>',
    );
  }
  const size = g.graph() as { width?: number; height?: number };
  // dagre reports -Infinity for a graph without nodes (a cluster with no Flux objects).
  const extent = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? Math.ceil(n) : 0);
  return { body: out.join('\n'), w: extent(size.width), h: extent(size.height) };
}

interface EdgeLayout {
  points: Array<{ x: number; y: number }>;
  x?: number;
  y?: number;
}

// Labels get a white halo (paint-order) so the line under them does not strike them through.
function edgeSvg(edge: GraphEdge, layout: EdgeLayout): string {
  const colour = edge.cycle ? COLOURS.cycle : COLOURS.edge;
  const d = layout.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)},${r(p.y)}`).join(' ');
  const dash = edge.type === 'dependsOn' ? ' stroke-dasharray="5 4"' : '';
  const label =
    layout.x === undefined || layout.y === undefined
      ? ''
      : `<text x="${r(layout.x)}" y="${r(layout.y + 4)}" text-anchor="middle" ${FONT} font-size="10" fill="${colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${xml(edgeLabel(edge))}</text>`;
  return `<g class="edge ${edge.type}${edge.cycle ? ' cycle' : ''}"><path d="${d}" fill="none" stroke="${colour}" stroke-width="${edge.cycle ? 2.5 : 1.5}"${dash} marker-end="url(#${edge.cycle ? 'arrow-cycle' : 'arrow'})"/>${label}</g>`;
}

const r = (n: number) => Math.round(n * 10) / 10;

/** Text for XML content and attributes: markup characters as entities; characters XML 1.0 forbids as U+FFFD. */
export const xml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    // eslint-disable-next-line no-control-regex -- control characters are what is escaped
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
