import type { ValidationReport } from './validate-repo.js';

/** The report as text (per cluster: HelmRelease table, then findings) or JSON for CI. */
export function formatReport(report: ValidationReport, format: 'text' | 'json' = 'text'): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
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
    lines.push(`cluster ${cluster.name}: ${cluster.kustomizations.length} Flux Kustomization${cluster.kustomizations.length === 1 ? '' : 's'} (${cluster.kustomizations.join(', ') || 'none'}), ${cluster.objects} objects`);
    if (cluster.helmReleases.length > 0) {
      const rows = [
        ['HelmRelease', 'chart', 'version', 'replicas', 'clusterIP'],
        ...cluster.helmReleases.map((r) => [`${r.namespace}/${r.name}`, r.chart, r.version, show(r.replicas), show(r.clusterIP)]),
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
      for (const row of rows) lines.push(`  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}`);
    }
    lines.push(...findingLines(cluster.name));
  }
  const infos = report.findings.filter((f) => f.severity === 'info').length;
  lines.push(`${report.clusters.length} cluster${report.clusters.length === 1 ? '' : 's'}: ${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}, ${infos} note${infos === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

function show(value: unknown): string {
  if (value === undefined) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
