import { type CommandIo, type OptionValues, formatOptionHelp, parseCommandArgs } from '../../options/index.js';
import { resolve } from 'node:path';
import { defaultChartCacheDir } from '../../charts/index.js';
import { type HelmRenderOptions, validateRepo } from '../../validate/index.js';
import { type FluxGraph, buildFluxGraph } from './flux-graph.js';
import { formatHtml } from './format-html.js';
import { formatDot, formatMermaid } from './format-text-graph.js';
import { GRAPH_OPTIONS } from './graph-options.js';
import { OutputRefusedError, writeOutputFile } from '../private/output-file.js';
import { formatSvg } from './layout-svg.js';

/** A writer per --format choice (the table lists the choices). */
const FORMATS: Record<OptionValues<typeof GRAPH_OPTIONS>['format'], (graphs: readonly FluxGraph[]) => string | Promise<string>> = {
  mermaid: formatMermaid,
  dot: formatDot,
  svg: formatSvg,
  html: (graphs) => formatHtml(graphs),
};

const HELP = formatOptionHelp(
  `Usage: platform-gitops graph [options]

Draws each cluster's Flux Kustomizations and HelmReleases: which Kustomization applies which,
dependsOn edges, the sources they fetch from, missing dependencies (dashed, "missing"),
dependsOn cycles (red) and Kustomizations whose build failed (red).
mermaid (default) and dot are text; svg is standalone; html is one self-contained page with
pan, zoom, search and filters, one cluster at a time.
--output refuses a link, a special file, and an existing file unless --force; it is written to a
temp file beside it and renamed.
Exit codes: 0 written, 1 error (a failed write), 2 usage (unknown option or format, unknown
cluster, an --output refused).`,
  GRAPH_OPTIONS,
);

/** Every cluster's graph (or one cluster's), from what validate renders. */
export async function repoGraphs(repo: string, cluster?: string, helm?: HelmRenderOptions): Promise<FluxGraph[]> {
  // With --helm, what charts render joins the graph (Flux objects a chart makes, applied by its HelmRelease; a failed render marked).
  const report = await validateRepo({ repo, ...(cluster !== undefined ? { cluster } : {}), ...(helm ? { helm } : {}) });
  return report.clusters.map((c) => buildFluxGraph(c.name, c.rendered ?? [], report.findings));
}

/** `platform-gitops graph`: returns the exit code. */
export async function runGraphCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  const parsed = parseCommandArgs({ name: 'graph', table: GRAPH_OPTIONS, help: HELP }, argv, io);
  if (typeof parsed === 'number') return parsed;
  const { options } = parsed;
  const helm = options.helm ? { chartCache: options.chartCache !== undefined ? resolve(options.chartCache) : defaultChartCacheDir() } : undefined;
  const graphs = await repoGraphs(options.repo ?? process.cwd(), options.cluster, helm);
  if (graphs.length === 0) {
    io.stderr.write(`platform-gitops graph: no cluster${options.cluster !== undefined ? ` ${JSON.stringify(options.cluster.slice(0, 60))}` : ''} under kubernetes/clusters/\n`);
    return 2;
  }
  const text = await FORMATS[options.format](graphs);
  if (options.output === undefined) {
    io.stdout.write(text);
    return 0;
  }
  try {
    writeOutputFile(options.output, text, options.force);
  } catch (error) {
    if (error instanceof OutputRefusedError) {
      io.stderr.write(`platform-gitops graph: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`platform-gitops graph: could not write ${options.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; nothing was written\n`);
    return 1;
  }
  return 0;
}
