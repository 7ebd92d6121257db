import type { FluxGraph } from './flux-graph.js';
import { COLOURS } from './graph-style.js';
import { formatSvg, xml } from './layout-svg.js';

/** One self-contained page (inline SVG and CSS, nothing fetched) that any browser opens as is. */
export function formatHtml(graphs: readonly FluxGraph[], title = 'Flux graph'): string {
  const swatch = (fill: string, stroke: string, dashed = false) => `<span class="swatch" style="background:${fill};border:2px ${dashed ? 'dashed' : 'solid'} ${stroke}"></span>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${xml(title)}</title>`,
    '<style>body{margin:16px;font-family:Helvetica,Arial,sans-serif;color:#0f172a;background:#fff}h1{font-size:20px;margin:0 0 8px}.legend{font-size:13px;margin-bottom:12px}.legend span{margin-right:14px}.swatch{display:inline-block;width:14px;height:10px;vertical-align:middle;margin-right:4px;border-radius:3px}</style>',
    '</head>',
    '<body>',
    `<h1>${xml(title)}</h1>`,
    `<div class="legend"><span>${swatch(COLOURS.kustomization.fill, COLOURS.kustomization.stroke)}Kustomization</span><span>${swatch(COLOURS.helmRelease.fill, COLOURS.helmRelease.stroke)}HelmRelease</span><span>${swatch(COLOURS.missing.fill, COLOURS.missing.stroke, true)}missing dependency</span><span style="color:${COLOURS.cycle}">red edges: dependsOn cycle</span></div>`,
    formatSvg(graphs).trimEnd(),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
