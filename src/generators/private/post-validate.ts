import { formatReport, validateRepo } from '../../validate/index.js';

/** The logger surface used here. */
interface LineLogger {
  writeln(text: string): unknown;
}

/**
 * Validates what a generator just wrote (unless --skip-validate) and prints the report. Files
 * are already written either way: findings are for the user to act on, not a rollback; the
 * run's exit code says whether there were errors.
 * @returns the number of errors found
 */
export async function validateAfterWriting(log: LineLogger, root: string, skip: boolean | undefined, cluster?: string): Promise<number> {
  if (skip) return 0;
  const report = await validateRepo({ repo: root, ...(cluster ? { cluster } : {}) });
  log.writeln('');
  log.writeln(`platform-gitops validate${cluster ? ` --cluster ${cluster}` : ''}:`);
  log.writeln(formatReport(report).trimEnd());
  if (report.errors > 0) {
    log.writeln(`The files above are written, but validation found ${report.errors} error${report.errors === 1 ? '' : 's'}: fix them (or the answers) and run again.`);
  }
  return report.errors;
}
