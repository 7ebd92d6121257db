import { HELP_OPTION, type OptionTable } from '../../options/index.js';

/** `platform-gitops graph`. */
export const GRAPH_OPTIONS = {
  cluster: { type: 'string', placeholder: 'NAME', description: 'Draw this cluster only' },
  format: { type: 'string', choices: ['mermaid', 'dot', 'svg', 'html'], default: 'mermaid', description: 'What to draw: mermaid or dot text, an SVG image or an HTML page' },
  output: { type: 'string', short: 'o', placeholder: 'FILE', description: 'Write to this new file instead of standard output (never through a link; atomically)' },
  force: { type: 'boolean', default: false, description: 'Replace the --output file when it exists' },
  helm: { type: 'boolean', default: false, description: 'Render HelmReleases with Helm first: Flux objects a chart makes join the graph, a failed render is marked' },
  'chart-cache': { type: 'string', placeholder: 'DIR', description: 'The chart cache --helm reads (default: the per-user cache folder)' },
  repo: { type: 'string', placeholder: 'DIR', description: 'The repository (default: the working directory)' },
  ...HELP_OPTION,
} as const satisfies OptionTable;
