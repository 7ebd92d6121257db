import { formatReport, validateRepo } from '../../validate/index.js';

/** The logger surface used here. */
interface LineLogger {
  writeln(text: string): unknown;
}

/**
 * Validates what a generator just wrote (unless --skip-validate) and prints the report. Files
 * are already written either way: findings are for the user to act on, not a rollback.
 */
export function validateAfterWriting(log: LineLogger, root: string, skip: boolean | undefined, cluster?: string): void {
  if (skip) return;
  const report = validateRepo({ repo: root, ...(cluster ? { cluster } : {}) });
  log.writeln('');
  log.writeln(`platform-gitops validate${cluster ? ` --cluster ${cluster}` : ''}:`);
  log.writeln(formatReport(report).trimEnd());
}
