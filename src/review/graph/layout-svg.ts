import { type ClusterLayout, type PlacedEdge, layoutCluster } from './elk-layout.js';
import type { FluxGraph, GraphNode } from './flux-graph.js';
import { COLOURS, nodeColours, nodeLines } from './graph-style.js';

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const MARGIN = 20;
const TITLE_HEIGHT = 28;

/**
 * Standalone SVG (no fonts, scripts or links to fetch): each cluster laid out by ELK (layered,
 * orthogonal edges) and stacked below the previous one. Missing nodes dashed, failed builds red,
 * dependsOn edges dashed, cycle edges red; sources are boxes whose tooltips count their users.
 */
export async function formatSvg(graphs: readonly FluxGraph[]): Promise<string> {
  const parts: string[] = [];
  let top = MARGIN;
  let width = 320;
  for (const graph of graphs) {
    const layout = await layoutCluster(graph);
    parts.push(
      `<g transform="translate(${MARGIN},${top})">`,
      `<text x="0" y="16" ${FONT} font-size="16" font-weight="bold" fill="#0f172a">cluster ${xml(graph.cluster)}</text>`,
      `<g transform="translate(0,${TITLE_HEIGHT})">`,
      clusterBody(layout),
      '</g></g>',
    );
    top += TITLE_HEIGHT + layout.height + MARGIN * 2;
    width = Math.max(width, layout.width + MARGIN * 2);
  }
  const height = Math.max(top, 80);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    svgDefs(),
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

/** Arrowheads, one per edge colour. */
export const svgDefs = () => {
  const marker = (id: string, colour: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`;
  return `<defs>${marker('arrow', COLOURS.edge)}${marker('arrow-cycle', COLOURS.cycle)}</defs>`;
};

/**
 * A laid-out cluster's edges then nodes (so boxes sit on top). Each node group carries its index
 * in the cluster (`data-n`) for the page's script; each edge its two ends.
 */
export function clusterBody(layout: ClusterLayout): string {
  const index = new Map(layout.graph.nodes.map((node, n) => [node.id, n]));
  const out = layout.edges.map((e) => edgeSvg(e, index));
  layout.nodes.forEach(({ node, x, y, width, height }, n) => {
    // Ids are positional (data-n), so nothing from a name reaches an attribute.
    const { fill, stroke } = nodeColours(node);
    const [kind, where] = nodeLines(node).map(xml);
    const failed = node.failure !== undefined;
    const dash = node.missing ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<g class="node${failed ? ' failed' : ''}${node.missing ? ' missing' : ''}" data-n="${n}">`,
      `<title>${xml(tooltip(layout.graph, node))}</title>`,
      `<rect x="${r(x)}" y="${r(y)}" width="${r(width)}" height="${r(height)}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="${failed ? 3 : 1.5}"${dash}/>`,
      `<text x="${r(x + width / 2)}" y="${r(y + height / 2 - 4)}" text-anchor="middle" ${FONT} font-size="11" fill="${failed ? COLOURS.failed.stroke : '#334155'}">${kind}</text>`,
      `<text x="${r(x + width / 2)}" y="${r(y + height / 2 + 12)}" text-anchor="middle" ${FONT} font-size="12" fill="#0f172a">${where}</text>`,
      '</g>',
    );
  });
  return out.join('\n');
}

function edgeSvg({ edge, points }: PlacedEdge, index: ReadonlyMap<string, number>): string {
  const colour = edge.cycle ? COLOURS.cycle : COLOURS.edge;
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)},${r(p.y)}`).join(' ');
  const dash = edge.type === 'dependsOn' ? ' stroke-dasharray="5 4"' : '';
  const marker = edge.cycle ? 'arrow-cycle' : 'arrow';
  return `<g class="edge ${edge.type}${edge.cycle ? ' cycle' : ''}" data-from="${index.get(edge.from)}" data-to="${index.get(edge.to)}"><path d="${d}" fill="none" stroke="${colour}" stroke-width="${edge.cycle ? 2.5 : 1.5}"${dash} marker-end="url(#${marker})"/></g>`;
}

/** A native tooltip: the full id, why the build failed, and the sources (whose edges are not drawn). */
function tooltip(graph: FluxGraph, node: GraphNode): string {
  const lines = [node.id];
  if (node.failure !== undefined) lines.push(`build failed: ${node.failure}`);
  for (const e of graph.edges) if (e.type === 'source' && e.from === node.id) lines.push(`fetches from ${e.to}`);
  const users = graph.edges.filter((e) => e.type === 'source' && e.to === node.id).length;
  if (users > 0) lines.push(`fetched by ${users} object${users === 1 ? '' : 's'}`);
  return lines.join('\n');
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
