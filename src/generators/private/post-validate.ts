import type { Engine } from '../../engine/index.js';
import { formatReport, validateRepo } from '../../validate/index.js';

/** The logger surface used here. */
interface LineLogger {
  writeln(text: string): unknown;
}

/** Errors the check after writing found in this process's last generator run (for the CLI's exit code). */
let lastErrors = 0;

/** Errors the last check after writing found, then reset: the CLI exits 1 when there were any. */
export function takeValidationErrors(): number {
  const errors = lastErrors;
  lastErrors = 0;
  return errors;
}

/**
 * Validates what a generator just wrote (unless --skip-validate) and prints the report. Files
 * are already written either way: findings are for the user to act on, not a rollback; the
 * run's exit code says whether there were errors. `engine`: one already started (the caller
 * closes it), else one for this check.
 * @returns the number of errors found
 */
export async function validateAfterWriting(log: LineLogger, root: string, skip: boolean | undefined, cluster?: string, engine?: Engine): Promise<number> {
  if (skip) return 0;
  const report = await validateRepo({ repo: root, ...(cluster ? { cluster } : {}), ...(engine ? { engine } : {}) });
  log.writeln('');
  log.writeln(`platform-gitops validate${cluster ? ` --cluster ${cluster}` : ''}:`);
  log.writeln(formatReport(report).trimEnd());
  if (report.errors > 0) {
    log.writeln(`The files above are written, but validation found ${report.errors} error${report.errors === 1 ? '' : 's'}: fix them (or the answers) and run again.`);
  }
  lastErrors += report.errors;
  return report.errors;
}
