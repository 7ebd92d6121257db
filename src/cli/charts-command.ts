import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ChartPullOutcome, defaultChartCacheDir, pullCharts } from '../charts/index.js';
import { type CommandIo, HELP_OPTION, type OptionTable, formatOptionHelp, parseCommandArgs } from '../options/index.js';

/** `platform-gitops charts`. */
const CHARTS_OPTIONS = {
  repo: { type: 'string', placeholder: 'DIR', description: 'The repository whose HelmReleases name the charts (default: the working directory)' },
  'chart-cache': { type: 'string', placeholder: 'DIR', description: 'The chart cache to fill (default: $XDG_CACHE_HOME/generator-platform/charts, or the platform cache folder)' },
  ...HELP_OPTION,
} as const satisfies OptionTable;

const HELP = formatOptionHelp(
  `Usage: platform-gitops charts pull [options]

Fills the chart cache with every chart version the repository's HelmReleases name, from their
HelmRepository (index.yaml, the archive's digest checked against the index) or OCI registry (the
layer's digest checked), for \`validate --helm\` to render offline. Laid out as
<cache>/<repository key>/<chart>/<version>.tgz (docs/charts.md). The CoreDNS versions the
generator offers ship with the package and need no pull.
Exit codes: 0 every chart is in the cache or shipped, 1 a chart could not be pulled, 2 usage.`,
  CHARTS_OPTIONS,
);

const SYMBOL: Record<ChartPullOutcome['status'], string> = { pulled: 'pulled', cached: 'in cache', bundled: 'shipped', skipped: 'skipped', failed: 'FAILED' };

/** `platform-gitops charts pull`: returns the exit code. */
export async function runChartsCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  const parsed = parseCommandArgs({ name: 'charts', table: CHARTS_OPTIONS, help: HELP, positionals: true }, argv, io);
  if (typeof parsed === 'number') return parsed;
  const { options, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'pull') {
    io.stderr.write(`platform-gitops charts: ${positionals.length === 0 ? 'name a subcommand' : `unknown subcommand "${positionals.join(' ')}"`}; the one subcommand is pull\n\n${HELP}`);
    return 2;
  }
  const repo = resolve(options.repo ?? '.');
  if (!statSync(repo, { throwIfNoEntry: false })?.isDirectory()) {
    io.stderr.write(`platform-gitops charts: --repo ${repo} is not a folder; name the repository whose HelmReleases to pull charts for\n`);
    return 2;
  }
  const cacheDir = resolve(options.chartCache ?? defaultChartCacheDir());
  const report = await pullCharts({ repo, cacheDir });
  for (const o of report.outcomes) {
    io.stdout.write(`${SYMBOL[o.status].padEnd(8)}  ${o.chart} ${o.version} from ${o.source} (${o.url})${o.path ? ` → ${o.path}` : ''}${o.message ? `: ${o.message}` : ''}\n`);
  }
  for (const u of report.unresolved) io.stdout.write(`note      ${u.release} (${u.file}): ${u.reason}\n`);
  if (report.outcomes.length === 0 && report.unresolved.length === 0) io.stdout.write('No HelmRelease names a chart from a chart repository.\n');
  return report.outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}
