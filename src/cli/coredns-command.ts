import { resolve } from 'node:path';
import { gatherCoreDnsAnswers, missingAnswersError } from '../generators/private/coredns-answers.js';
import { validateAfterWriting } from '../generators/private/post-validate.js';
import { COREDNS_OPTIONS, type OptionValues, formatOptionHelp, parseOptionArgs } from '../generators/options/index.js';
import { type CoreDnsAnswers, clusterWarnings } from '../model/index.js';
import { CORE_DNS_SERVICE, runService } from '../services/index.js';
import { DiskTreeReader, formatChanges } from '../workspace/index.js';
import { applyLayoutOptions } from '../layout/layout-options.js';
import { applyChartUpgrade } from '../upgrade/chart-upgrade.js';
import type { CommandIo } from './command-io.js';

const USAGE = 'Usage: platform-gitops coredns [options]   (the same as yo platform:coredns)';

/**
 * `platform-gitops coredns`. In a terminal it runs the Yeoman generator (prompts, Yeoman's
 * conflict prompt); without one (or with --no-interactive) it runs the same plan through the
 * same writer without loading Yeoman, which is most of its start-up time.
 */
export async function runCoreDnsCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(formatOptionHelp(USAGE, COREDNS_OPTIONS));
    return 0;
  }
  const options = parseOptionArgs(argv, COREDNS_OPTIONS) as OptionValues<typeof COREDNS_OPTIONS>;
  if (options.interactive ?? process.stdin.isTTY === true) {
    const { runGenerator } = await import('./run-generator.js');
    return runGenerator('coredns', argv);
  }
  const root = process.cwd();
  const said: string[] = [];
  const accepted = new Map<string, string>();
  const result = runService(CORE_DNS_SERVICE, {
    root,
    answers: (stored) => {
      const gathered = gatherCoreDnsAnswers(options, stored as CoreDnsAnswers | undefined, (path) => resolve(root, path));
      const reader = new DiskTreeReader(root);
      if (!gathered.fromFile) said.push(...applyChartUpgrade(gathered.answers, stored as CoreDnsAnswers | undefined, options.chartVersion, reader, accepted));
      said.push(...applyLayoutOptions(gathered.answers, options, root, reader));
      if (!gathered.fromFile && !gathered.complete) throw missingAnswersError(gathered.answers);
      if (Array.isArray(gathered.answers.clusters)) said.push(...gathered.answers.clusters.flatMap(clusterWarnings).map((w) => `warning ${w}`));
      return gathered.answers;
    },
    policy: options.force ? 'force' : 'stop',
    accepted,
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  for (const line of said) io.stdout.write(`i ${line}\n`);
  if (options.dryRun) {
    io.stdout.write(formatChanges(result.changes) || 'No file would change.\n');
    return 0;
  }
  const log = { writeln: (line: string) => io.stdout.write(`${line}\n`) };
  for (const { path, status } of result.statuses) log.writeln(`${status.padStart(10)} ${path}`);
  for (const note of result.notes) log.writeln(`i ${note}`);
  return validateAfterWriting(log, root, options.skipValidate) > 0 ? 1 : 0;
}
