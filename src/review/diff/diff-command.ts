import { resolve } from 'node:path';
import { defaultChartCacheDir } from '../../charts/index.js';
import { type CommandIo, formatOptionHelp, parseCommandArgs } from '../../options/index.js';
import { DIFF_OPTIONS } from './diff-options.js';
import { DiffInputError, diffRepo } from './diff-repo.js';
import { GitBaseError } from './git-base.js';
import { formatDiff } from './format-diff.js';

const HELP = formatOptionHelp(
  `Usage: platform-gitops diff [options]

Renders each cluster at the base ref and in the working tree (as validate does: kustomize build
and Flux substitution) and prints the objects added, removed and changed per cluster.
Exit codes: 0 no change (or changes without --exit-code), 1 changes with --exit-code,
2 usage (unknown option, bad --base, unknown --cluster, not a git repository); 1 also when a
file a render reads cannot be used (unreadable, a YAML alias bomb), naming it.
git is run from PATH without the repository's folders, with the repository named explicitly and
its hooks, fsmonitor, filters and external diff off. Secret values print as a short digest.`,
  DIFF_OPTIONS,
);

/** `platform-gitops diff`: returns the exit code (git's convention with --exit-code). */
export async function runDiffCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  const parsed = parseCommandArgs({ name: 'diff', table: DIFF_OPTIONS, help: HELP }, argv, io);
  if (typeof parsed === 'number') return parsed;
  const { options } = parsed;
  let report;
  try {
    report = await diffRepo({
      ...(options.repo !== undefined ? { repo: options.repo } : {}),
      ...(options.base !== undefined ? { base: options.base } : {}),
      ...(options.cluster !== undefined ? { cluster: options.cluster } : {}),
      ...(options.helm ? { helm: { chartCache: options.chartCache !== undefined ? resolve(options.chartCache) : defaultChartCacheDir() } } : {}),
    });
  } catch (error) {
    // A file a render needs cannot be used: what this run checked is wrong.
    if (error instanceof DiffInputError) {
      io.stderr.write(`platform-gitops diff: ${error.message}\n`);
      return 1;
    }
    // Not a repository, a --base that names no commit, an unknown --cluster: the invocation is wrong.
    if (!(error instanceof GitBaseError)) throw error;
    io.stderr.write(`platform-gitops diff: ${error.message}\n`);
    return 2;
  }
  io.stdout.write(formatDiff(report, options.format));
  return options.exitCode && report.clusters.length > 0 ? 1 : 0;
}
