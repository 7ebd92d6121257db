import type { Finding, FindingSeverity } from './finding.js';
import { FindingLocator, type ReadRepoFile, readFromRepo } from './finding-location.js';
import type { ClusterReport, ValidationReport } from './validate-repo.js';

/** The report formats: text for people, json for tools, github annotations, markdown for a PR comment. */
export const REPORT_FORMATS = ['text', 'json', 'github', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const isReportFormat = (value: unknown): value is ReportFormat => (REPORT_FORMATS as readonly unknown[]).includes(value);

export interface FormatOptions {
  /** Reads a repository-relative file, to find a finding's line (github). @default from report.repo */
  readonly readFile?: ReadRepoFile;
}

/** The report in the given format. */
export function formatReport(report: ValidationReport, format: ReportFormat = 'text', options: FormatOptions = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'github':
      return formatGithub(report, options.readFile ?? readFromRepo(report.repo));
    case 'markdown':
      return formatMarkdown(report);
    default:
      return formatText(report);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const notes = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'info').length;
const totals = (report: ValidationReport) => `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}, ${plural(notes(report.findings), 'note')}`;

function show(value: unknown): string {
  if (value === undefined) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const releaseRows = (cluster: ClusterReport): string[][] => [
  ['HelmRelease', 'chart', 'version', 'replicas', 'clusterIP'],
  ...cluster.helmReleases.map((r) => [`${r.namespace}/${r.name}`, r.chart, r.version, show(r.replicas), show(r.clusterIP)]),
];

/** Per cluster: HelmRelease table, then findings; repository-wide findings first. */
function formatText(report: ValidationReport): string {
  const lines: string[] = [];
  const findingLines = (cluster: string | undefined) =>
    report.findings
      .filter((f) => f.cluster === cluster)
      .flatMap((f) => [
        `  ${f.severity.padEnd(7)} ${f.code}  ${[f.file, f.object, f.path].filter(Boolean).join('  ')}`,
        ...f.message.split('\n').map((line) => `          ${line}`),
        `          fix: ${f.fix}`,
      ]);
  lines.push(...findingLines(undefined));
  for (const cluster of report.clusters) {
    const helmObjects = cluster.helmObjects === undefined ? '' : `, ${cluster.helmObjects} rendered by Helm`;
    lines.push(`cluster ${cluster.name}: ${plural(cluster.kustomizations.length, 'Flux Kustomization')} (${cluster.kustomizations.join(', ') || 'none'}), ${cluster.objects} objects${helmObjects}`);
    if (cluster.helmReleases.length > 0) {
      const rows = releaseRows(cluster);
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
      for (const row of rows)
        lines.push(
          `  ${row
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd()}`,
        );
      // What `validate --helm` saw of each release's pods: the story's "security context verification".
      for (const release of cluster.helmReleases) if (release.securityContext) lines.push(`  ${release.namespace}/${release.name} security context: ${release.securityContext}`);
    }
    lines.push(...findingLines(cluster.name));
  }
  lines.push(`${plural(report.clusters.length, 'cluster')}${report.shard ? ` (shard ${report.shard.index}/${report.shard.count})` : ''}: ${totals(report)}`);
  return `${lines.join('\n')}\n`;
}

const SEVERITY_RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then by code and place: the same report always prints the same way. */
function byImportance(a: Finding, b: Finding): number {
  const key = (f: Finding) => [f.code, f.file ?? '', f.object ?? '', f.path ?? '', f.message].join('\u0000');
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/** What makes two clusters' findings the same annotation: one shared file fails every cluster. */
const sameFinding = (f: Finding) => JSON.stringify([f.severity, f.code, f.file, f.object, f.path, f.message, f.fix]);

/** Findings with the clusters each was seen in, once per distinct finding, in stable order. */
function merged(report: ValidationReport): Array<{ finding: Finding; clusters: string[] }> {
  const groups = new Map<string, { finding: Finding; clusters: string[] }>();
  for (const finding of report.findings) {
    const key = sameFinding(finding);
    const group = groups.get(key) ?? { finding, clusters: [] };
    if (finding.cluster && !group.clusters.includes(finding.cluster)) group.clusters.push(finding.cluster);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g, clusters: g.clusters.sort() })).sort((a, b) => byImportance(a.finding, b.finding));
}

const COMMAND: Record<FindingSeverity, string> = { error: 'error', warning: 'warning', info: 'notice' };
// GitHub's workflow command escaping: data escapes %, CR and LF; properties also ":" and ",".
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions workflow commands: one annotation per finding, at the object's line when found. */
function formatGithub(report: ValidationReport, readFile: ReadRepoFile): string {
  const locator = new FindingLocator(readFile);
  const lines = merged(report).map(({ finding: f, clusters }) => {
    const line = locator.line(f);
    const properties = [...(f.file ? [`file=${escapeProperty(f.file)}`] : []), ...(line ? [`line=${line}`] : []), `title=${escapeProperty(f.code)}`];
    const where = [clusters.length > 0 ? `[${clusters.join(', ')}]` : '', f.object, f.path].filter(Boolean).join(' ');
    return `::${COMMAND[f.severity]} ${properties.join(',')}::${escapeData(`${where ? `${where}: ` : ''}${f.message}\nfix: ${f.fix}`)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

const ICON: Record<FindingSeverity, string> = { error: ':x:', warning: ':warning:', info: ':information_source:' };
// Table cells cannot hold a pipe or a line break.
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const table = (rows: readonly string[][]) => [rows[0]!, rows[0]!.map(() => '---'), ...rows.slice(1)].map((row) => `| ${row.map(cell).join(' | ')} |`);

function markdownFinding(f: Finding): string[] {
  const [first, ...rest] = f.message.split('\n');
  const where = [f.file, f.object, f.path]
    .filter((part): part is string => Boolean(part))
    .map(code)
    .join(' ');
  return [
    `- ${ICON[f.severity]} **${f.severity}** ${code(f.code)}${where ? ` ${where}` : ''}: ${first}`,
    ...(rest.length > 0 ? ['  ```', ...rest.map((line) => `  ${line}`), '  ```'] : []),
    `  fix: ${f.fix}`,
  ];
}

/** A PR comment: totals, a summary table of the clusters, then each cluster's releases and findings. */
function formatMarkdown(report: ValidationReport): string {
  const count = (cluster: string | undefined, severity: FindingSeverity) => report.findings.filter((f) => f.cluster === cluster && f.severity === severity).length;
  const findingsOf = (cluster: string | undefined) =>
    report.findings
      .filter((f) => f.cluster === cluster)
      .sort(byImportance)
      .flatMap(markdownFinding);
  const out = [
    `## platform-gitops validate${report.shard ? ` (shard ${report.shard.index}/${report.shard.count})` : ''}: ${report.errors > 0 ? ':x:' : ':white_check_mark:'} ${totals(report)}`,
    '',
    ...table([
      ['cluster', 'Flux Kustomizations', 'objects', 'HelmReleases', 'errors', 'warnings', 'notes'],
      ...report.clusters.map((c) => [
        c.name,
        String(c.kustomizations.length),
        String(c.objects),
        String(c.helmReleases.length),
        ...(['error', 'warning', 'info'] as const).map((s) => String(count(c.name, s))),
      ]),
    ]),
  ];
  const repoWide = findingsOf(undefined);
  if (repoWide.length > 0) out.push('', '### Repository', '', ...repoWide);
  for (const cluster of report.clusters) {
    out.push('', `### Cluster ${code(cluster.name)}`);
    if (cluster.helmReleases.length > 0) out.push('', ...table(releaseRows(cluster)));
    const findings = findingsOf(cluster.name);
    out.push('', ...(findings.length > 0 ? findings : ['No findings.']));
  }
  return `${out.join('\n')}\n`;
}
