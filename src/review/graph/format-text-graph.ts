import { type FluxGraph, kindGroup } from './flux-graph.js';
import { COLOURS, edgeLabel, nodeColours, nodeLines } from './graph-style.js';

/** Mermaid flowchart: one subgraph per cluster; missing nodes dashed, cycle edges red. */
export function formatMermaid(graphs: readonly FluxGraph[]): string {
  const lines = ['flowchart LR'];
  const styles: string[] = [];
  let link = 0;
  graphs.forEach((graph, g) => {
    const ids = new Map(graph.nodes.map((node, n) => [node.id, `c${g}n${n}`]));
    lines.push(`  subgraph c${g}["cluster ${mermaidText(graph.cluster)}"]`);
    for (const node of graph.nodes) {
      const label = nodeLines(node).map(mermaidText).join('<br/>');
      // HelmReleases get the "subroutine" shape and sources the cylinder, so kinds differ without colour too.
      const group = kindGroup(node.kind);
      const shape = group === 'HelmRelease' ? `[["${label}"]]` : group === 'source' ? `[("${label}")]` : `["${label}"]`;
      const style = node.failure !== undefined ? 'failed' : node.missing ? 'missing' : group === 'Kustomization' ? 'ks' : group === 'HelmRelease' ? 'hr' : 'src';
      lines.push(`    ${ids.get(node.id)}${shape}:::${style}`);
    }
    lines.push('  end');
    for (const edge of graph.edges) {
      const arrow = edge.type === 'dependsOn' ? '-.->' : '-->';
      lines.push(`  ${ids.get(edge.from)} ${arrow}|"${edgeLabel(edge)}"| ${ids.get(edge.to)}`);
      if (edge.cycle) styles.push(`  linkStyle ${link} stroke:${COLOURS.cycle},stroke-width:3px,color:${COLOURS.cycle}`);
      else if (edge.type === 'source') styles.push(`  linkStyle ${link} stroke:${COLOURS.sourceEdge}`);
      link++;
    }
  });
  lines.push(
    `  classDef ks fill:${COLOURS.kustomization.fill},stroke:${COLOURS.kustomization.stroke}`,
    `  classDef hr fill:${COLOURS.helmRelease.fill},stroke:${COLOURS.helmRelease.stroke}`,
    `  classDef src fill:${COLOURS.source.fill},stroke:${COLOURS.source.stroke}`,
    `  classDef missing fill:${COLOURS.missing.fill},stroke:${COLOURS.missing.stroke},stroke-dasharray:5 5`,
    `  classDef failed fill:${COLOURS.failed.fill},stroke:${COLOURS.failed.stroke},stroke-width:3px`,
    ...styles,
  );
  return `${lines.join('\n')}\n`;
}

/** Graphviz DOT: one `cluster_` subgraph per cluster; missing nodes dashed, cycle edges red. */
export function formatDot(graphs: readonly FluxGraph[]): string {
  const lines = ['digraph flux {', '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const graph of graphs) {
    const id = (nodeId: string) => dotString(`${graph.cluster}:${nodeId}`);
    lines.push(`  subgraph ${dotString(`cluster_${graph.cluster}`)} {`, `    label=${dotString(`cluster ${graph.cluster}`)};`);
    for (const node of graph.nodes) {
      const { fill, stroke } = nodeColours(node);
      const style = node.missing ? ', style="rounded,dashed,filled"' : '';
      lines.push(`    ${id(node.id)} [label=${dotString(nodeLines(node).join('\n'))}, fillcolor="${fill}", color="${stroke}"${style}];`);
    }
    lines.push('  }');
    for (const edge of graph.edges) {
      const attrs = [`label=${dotString(edgeLabel(edge))}`];
      if (edge.type === 'dependsOn') attrs.push('style=dashed');
      if (edge.type === 'source') attrs.push('style=dotted');
      attrs.push(edge.cycle ? `color="${COLOURS.cycle}", fontcolor="${COLOURS.cycle}", penwidth=2` : `color="${edge.type === 'source' ? COLOURS.sourceEdge : COLOURS.edge}"`);
      lines.push(`  ${id(edge.from)} -> ${id(edge.to)} [${attrs.join(', ')}];`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * Mermaid labels are quoted; everything but letters, digits and `._/:() -` is written as a numeric
 * entity (`#35;`), so no name can end the label, start a statement (a newline then `click ...`) or
 * carry markup.
 */
const mermaidText = (text: string) => text.replace(/[^A-Za-z0-9._/:() -]/gu, (c) => `#${c.codePointAt(0)};`);

/** A DOT quoted string: backslash, quote and line breaks escaped, other control characters dropped. */
const dotString = (text: string) =>
  `"${text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\n')
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f]/g, '')}"`;
