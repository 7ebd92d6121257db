import type { ClusterDiff, DiffReport } from './diff-repo.js';
import { formatMarkdown } from './format-markdown.js';
import { controlFree, type ObjectRef, refLabel } from './object-yaml.js';
import { clusterSummary, reportSummary } from './summary-lines.js';

export const DIFF_FORMATS = ['text', 'markdown', 'github', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function formatDiff(report: DiffReport, format: DiffFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ base: report.base, clusters: report.clusters, unchanged: report.unchanged }, null, 2)}\n`;
    case 'markdown':
      return formatMarkdown(report);
    case 'github':
      return formatGithub(report);
    default:
      return formatText(report);
  }
}

const listed = (sign: string, refs: readonly ObjectRef[]) => refs.map((ref) => `${sign} ${refLabel(ref)}\n`).join('');

/** Added objects as `+ Kind ns/name`, removed as `- ...`, changed as `~ ...` and their diff. */
const clusterBody = (c: ClusterDiff): string => [listed('+', c.added), listed('-', c.removed), ...c.changed.map((o) => `~ ${refLabel(o)}\n${controlFree(o.diff)}`)].join('');

function formatText(report: DiffReport): string {
  const parts = report.clusters.map((c) => `=== ${clusterSummary(c)}\n${clusterBody(c)}`);
  return [...parts, `${reportSummary(report)}\n`].join('\n');
}

/**
 * For a GitHub Actions log: one collapsible group per cluster (`::group::`) and a notice per
 * cluster that the run's summary page lists. Object text is percent-escaped where the runner
 * would read it as a workflow command (`::` anywhere, the legacy `##[`), `%` first so the text
 * decodes back; command data escapes `%`, CR and LF as the runner's rules require.
 */
function formatGithub(report: DiffReport): string {
  const data = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const logText = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/::/g, ':%3A').replace(/##\[/g, '##%5B');
  const parts = report.clusters.map((c) => `::group::${data(clusterSummary(c))}\n${logText(clusterBody(c))}::endgroup::\n::notice title=platform-gitops diff::${data(clusterSummary(c))}\n`);
  return [...parts, `${logText(reportSummary(report))}\n`].join('');
}
