import type { Engine } from '../../engine/index.js';
import { type Finding, formatReport, validateRepo } from '../../validate/index.js';

/** The logger surface used here. */
interface LineLogger {
  writeln(text: string): unknown;
}

/** The errors validate finds before a run writes: what the run did not cause. */
export type ValidationBaseline = readonly Finding[];

/**
 * The repository's errors before this run writes (unless --skip-validate): the check after
 * writing counts only errors that were not there.
 */
export async function validationBaseline(root: string, skip: boolean | undefined, cluster?: string): Promise<ValidationBaseline | undefined> {
  if (skip) return undefined;
  const report = await validateRepo({ repo: root, ...(cluster ? { cluster } : {}) });
  return report.findings.filter((f) => f.severity === 'error');
}

/** A finding's identity across the two checks: the same check on the same object of the same cluster. */
const identity = (f: Finding): string => JSON.stringify([f.code, f.object ?? f.file ?? '', f.cluster ?? '']);

/**
 * The errors of `after` this run caused: those with no equal in `before` (by code, object and
 * cluster; counted, so a second equal error is new).
 */
function newErrors(after: readonly Finding[], before: ValidationBaseline): Finding[] {
  const left = new Map<string, number>();
  for (const f of before) left.set(identity(f), (left.get(identity(f)) ?? 0) + 1);
  return after.filter((f) => {
    if (f.severity !== 'error') return false;
    const count = left.get(identity(f)) ?? 0;
    if (count === 0) return true;
    left.set(identity(f), count - 1);
    return false;
  });
}

/**
 * Validates what a generator just wrote (unless --skip-validate) and prints the report. Files
 * are already written either way: findings are for the user to act on, not a rollback. With a
 * baseline (the check before writing), errors that were there before are summarised as
 * pre-existing and not counted: the run's exit code is about what this run wrote or changed.
 * `engine`: one already started (the caller closes it), else one for this check.
 * @returns the number of errors this run caused (every error without a baseline)
 */
export async function validateAfterWriting(log: LineLogger, root: string, skip: boolean | undefined, cluster?: string, baseline?: ValidationBaseline, engine?: Engine): Promise<number> {
  if (skip) return 0;
  const report = await validateRepo({ repo: root, ...(cluster ? { cluster } : {}), ...(engine ? { engine } : {}) });
  log.writeln('');
  log.writeln(`platform-gitops validate${cluster ? ` --cluster ${cluster}` : ''}:`);
  log.writeln(formatReport(report).trimEnd());
  const errors = baseline === undefined ? report.errors : newErrors(report.findings, baseline).length;
  const preExisting = report.errors - errors;
  if (preExisting > 0) log.writeln(`${preExisting} pre-existing error${preExisting === 1 ? '' : 's'} (not from this run): the same findings were there before it wrote.`);
  if (errors > 0) {
    log.writeln(`The files above are written, but validation found ${errors} error${errors === 1 ? '' : 's'} from this run: fix them (or the answers) and run again.`);
  }
  return errors;
}
