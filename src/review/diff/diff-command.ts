import { parseArgs } from 'node:util';
import type { CommandIo } from '../../validate/index.js';
import { diffRepo } from './diff-repo.js';
import { GitBaseError } from './git-base.js';
import { DIFF_FORMATS, type DiffFormat, formatDiff } from './format-diff.js';

const USAGE = `Usage: platform-gitops diff [--base REF] [--cluster NAME] [--format text|markdown|github|json]
                            [--exit-code] [--repo DIR]

Renders each cluster at the base ref and in the working tree (as validate does: kustomize build
and Flux substitution) and prints the objects added, removed and changed per cluster.
--base defaults to the merge base with the default branch, or HEAD when on it.
Exit codes: 0 no change (or changes without --exit-code), 1 changes with --exit-code,
2 usage (unknown option, bad --base, not a git repository).
`;

/** `platform-gitops diff`: returns the exit code (git's convention with --exit-code). */
export async function runDiffCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        base: { type: 'string' },
        cluster: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'exit-code': { type: 'boolean', default: false },
        repo: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr.write(`platform-gitops diff: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (!DIFF_FORMATS.includes(values.format as DiffFormat)) {
    io.stderr.write(`platform-gitops diff: --format must be ${DIFF_FORMATS.join(', ')}, not "${values.format}"\n\n${USAGE}`);
    return 2;
  }
  let report;
  try {
    report = diffRepo({
      ...(values.repo !== undefined ? { repo: values.repo } : {}),
      ...(values.base !== undefined ? { base: values.base } : {}),
      ...(values.cluster !== undefined ? { cluster: values.cluster } : {}),
    });
  } catch (error) {
    // Not a repository, or a --base that names no commit: the invocation is wrong, not the repo.
    if (!(error instanceof GitBaseError)) throw error;
    io.stderr.write(`platform-gitops diff: ${error.message}\n`);
    return 2;
  }
  io.stdout.write(formatDiff(report, values.format as DiffFormat));
  return values['exit-code'] && report.clusters.length > 0 ? 1 : 0;
}
