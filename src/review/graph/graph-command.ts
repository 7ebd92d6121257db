import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type CommandIo, validateRepo } from '../../validate/index.js';
import { type FluxGraph, buildFluxGraph } from './flux-graph.js';
import { formatHtml } from './format-html.js';
import { formatDot, formatMermaid } from './format-text-graph.js';
import { formatSvg } from './layout-svg.js';

const FORMATS = { mermaid: formatMermaid, dot: formatDot, svg: formatSvg, html: (graphs: readonly FluxGraph[]) => formatHtml(graphs) } as const;
type GraphFormat = keyof typeof FORMATS;

const USAGE = `Usage: platform-gitops graph [--cluster NAME] [--format mermaid|dot|svg|html] [--output FILE] [--repo DIR]

Draws each cluster's Flux Kustomizations and HelmReleases: which Kustomization applies which,
dependsOn edges, missing dependencies (dashed, "missing") and dependsOn cycles (red).
mermaid (default) and dot are text; svg is standalone; html is one self-contained page.
Exit codes: 0 written, 1 error, 2 usage (unknown option or format, unknown cluster).
`;

/** Every cluster's graph (or one cluster's), from what validate renders. */
export function repoGraphs(repo: string, cluster?: string): FluxGraph[] {
  const report = validateRepo({ repo, ...(cluster !== undefined ? { cluster } : {}) });
  return report.clusters.map((c) => buildFluxGraph(c.name, c.rendered ?? []));
}

/** `platform-gitops graph`: returns the exit code. */
export async function runGraphCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        cluster: { type: 'string' },
        format: { type: 'string', default: 'mermaid' },
        output: { type: 'string', short: 'o' },
        repo: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr.write(`platform-gitops graph: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (!Object.hasOwn(FORMATS, values.format)) {
    io.stderr.write(`platform-gitops graph: --format must be ${Object.keys(FORMATS).join(', ')}, not "${values.format}"\n\n${USAGE}`);
    return 2;
  }
  const graphs = repoGraphs(values.repo ?? process.cwd(), values.cluster);
  if (graphs.length === 0) {
    io.stderr.write(`platform-gitops graph: no cluster${values.cluster !== undefined ? ` "${values.cluster}"` : ''} under kubernetes/clusters/\n`);
    return 2;
  }
  const text = FORMATS[values.format as GraphFormat](graphs);
  if (values.output !== undefined) writeFileSync(values.output, text);
  else io.stdout.write(text);
  return 0;
}
