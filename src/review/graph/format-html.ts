import { layoutCluster } from './elk-layout.js';
import { type FluxGraph, kindGroup } from './flux-graph.js';
import { COLOURS } from './graph-style.js';
import { clusterBody, svgDefs, xml } from './layout-svg.js';
import { PAGE_SCRIPT } from './private/page-script.js';

const STYLE = [
  'html,body{margin:0;height:100%}',
  'body{display:flex;flex-direction:column;font-family:Helvetica,Arial,sans-serif;color:#0f172a;background:#fff}',
  'header{padding:8px 12px;border-bottom:1px solid #cbd5e1;font-size:13px}',
  'h1{font-size:18px;margin:0 8px 6px 0;display:inline-block}',
  '.bar label,.bar button,.bar select,.bar input{margin-right:10px;font-size:13px}',
  '#search{width:16em}',
  '#status{color:#475569}',
  '.legend{margin-top:6px}.legend span{margin-right:14px;white-space:nowrap}',
  '.swatch{display:inline-block;width:14px;height:10px;vertical-align:middle;margin-right:4px;border-radius:3px}',
  '.line{display:inline-block;width:26px;vertical-align:middle;margin-right:4px;border-top:2px solid}',
  'main{flex:1;min-height:0;position:relative}',
  'svg.cluster{position:absolute;inset:0;width:100%;height:100%;cursor:grab;background:#fff}',
  'svg.cluster[hidden]{display:none}',
  '.hidden{display:none}',
  '.searching g.node:not(.match){opacity:.25}.searching g.edge{opacity:.2}',
  `g.match rect{stroke:#f59e0b;stroke-width:5}`,
].join('');

/**
 * One self-contained page (inline SVG, CSS and a small script; nothing fetched): one cluster at a
 * time, pan and zoom, search, namespace and kind filters. Layout happens here, with ELK; the
 * script only moves the view and toggles classes, reading names from an inert JSON block.
 */
export async function formatHtml(graphs: readonly FluxGraph[], title = 'Flux graph'): Promise<string> {
  const layouts = [];
  for (const graph of graphs) layouts.push(await layoutCluster(graph));
  const data = {
    clusters: layouts.map((layout) => ({
      name: layout.graph.cluster,
      width: layout.width,
      height: layout.height,
      nodes: layout.nodes.map(({ node, x, y, width, height }) => ({
        kind: node.kind,
        group: kindGroup(node.kind),
        namespace: node.namespace,
        name: node.name,
        missing: node.missing,
        ...(node.failure !== undefined ? { failure: node.failure } : {}),
        x,
        y,
        w: width,
        h: height,
      })),
      edges: layout.edges.map(({ edge }) => [index(layout.graph, edge.from), index(layout.graph, edge.to)]),
    })),
  };
  const swatch = (fill: string, stroke: string, dashed = false) => `<span class="swatch" style="background:${fill};border:2px ${dashed ? 'dashed' : 'solid'} ${stroke}"></span>`;
  const line = (colour: string, style: string) => `<span class="line" style="border-top-color:${colour};border-top-style:${style}"></span>`;
  const clusterPicker =
    graphs.length > 1
      ? `<label>cluster <select id="cluster">${graphs.map((g, i) => `<option value="${i}">${xml(g.cluster)}</option>`).join('')}</select></label>`
      : `<label>cluster <b>${xml(graphs[0]?.cluster ?? '')}</b></label>`;
  const kind = (value: string, label: string) => `<label><input type="checkbox" name="kind" value="${value}" checked="checked"/>${label}</label>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${xml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${xml(title)}</h1>`,
    `<div class="bar">${clusterPicker}<input id="search" type="search" placeholder="search names (Enter: next)" aria-label="search"/><label>namespace <select id="namespace"><option value="">all namespaces</option></select></label>${kind('Kustomization', 'Kustomizations')}${kind('HelmRelease', 'HelmReleases')}${kind('source', 'sources')}<button id="fit" type="button">fit to screen</button><span id="status"></span></div>`,
    `<div class="legend"><span>${swatch(COLOURS.kustomization.fill, COLOURS.kustomization.stroke)}Kustomization</span><span>${swatch(COLOURS.helmRelease.fill, COLOURS.helmRelease.stroke)}HelmRelease</span><span>${swatch(COLOURS.source.fill, COLOURS.source.stroke)}source</span><span>${swatch(COLOURS.failed.fill, COLOURS.failed.stroke)}build failed (hover for why)</span><span>${swatch(COLOURS.missing.fill, COLOURS.missing.stroke, true)}missing dependency</span><span>${line(COLOURS.edge, 'solid')}applies</span><span>${line(COLOURS.edge, 'dashed')}depends on</span><span>${line(COLOURS.cycle, 'dashed')}dependsOn cycle</span></div>`,
    '</header>',
    '<main>',
    ...layouts.map(
      (layout, c) =>
        `<svg xmlns="http://www.w3.org/2000/svg" class="cluster" data-c="${c}"${c > 0 ? ' hidden="hidden"' : ''} viewBox="-20 -20 ${layout.width + 40} ${layout.height + 40}">${svgDefs()}\n${clusterBody(layout)}\n</svg>`,
    ),
    '</main>',
    `<script type="application/json" id="graph-data">${inertJson(data)}</script>`,
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const index = (graph: FluxGraph, id: string) => graph.nodes.findIndex((n) => n.id === id);

/** JSON that cannot end its script element or read as markup: `<`, `>` and `&` as \u escapes. */
const inertJson = (value: unknown) => JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
