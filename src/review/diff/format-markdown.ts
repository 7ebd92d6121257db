import type { DiffReport } from './diff-repo.js';
import { clusterSummary, reportSummary } from './summary-lines.js';
import { controlFree, type ObjectRef, printable, refLabel } from './object-yaml.js';

/** A fence longer than any run of backticks in `text`, so a diff can never close its block. */
const fenceFor = (text: string): string => '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));

/**
 * A code span no content can end (its backtick run is longer than any inside), so a name never
 * becomes markup, a link or a mention; on one line, whatever the name holds.
 */
const code = (text: string): string => {
  const line = printable(text);
  const ticks = '`'.repeat(Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${line}${pad}${ticks}`;
};

/** A table cell: a code span whose `|` cannot end the cell. */
const cell = (text: string) => code(text).replace(/\|/g, '\\|');

const refList = (title: string, refs: readonly ObjectRef[]) => (refs.length === 0 ? [] : [`**${title}**`, '', ...refs.map((ref) => `- ${code(refLabel(ref))}`), '']);

/**
 * A pull-request comment: a summary table, then one collapsed `<details>` per changed cluster
 * with a ```diff block per changed object. Byte-for-byte stable for the same input, so a bot
 * can update its comment only when the content changed.
 */
export function formatMarkdown(report: DiffReport): string {
  const lines = ['### platform-gitops diff', '', reportSummary(report), ''];
  if (report.clusters.length === 0) return `${lines.join('\n')}No rendered object changed.\n`;
  lines.push('| Cluster | Status | Added | Removed | Changed |', '| --- | --- | ---: | ---: | ---: |');
  for (const c of report.clusters) lines.push(`| ${cell(c.name)} | ${c.status} | ${c.added.length} | ${c.removed.length} | ${c.changed.length} |`);
  lines.push('');
  for (const c of report.clusters) {
    lines.push('<details>', `<summary>${escapeHtml(clusterSummary(c))}</summary>`, '');
    lines.push(...refList('Added', c.added), ...refList('Removed', c.removed));
    for (const o of c.changed) {
      const diff = controlFree(o.diff);
      const fence = fenceFor(diff);
      lines.push(`**Changed** ${code(refLabel(o))}`, '', `${fence}diff`, diff.replace(/\n$/, ''), fence, '');
    }
    lines.push('</details>', '');
  }
  return lines.join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '&#64;');
}
