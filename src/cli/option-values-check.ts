import { type OptionTable, UsageError } from '../options/index.js';

/**
 * Yeoman takes `--name --force` as name "" (or the next flag as the value) and runs on; the fast
 * CLI calls that a usage error (exit 2). Checks argv the same way against what the generator
 * declared, before it runs.
 */
export function checkOptionValues(argv: readonly string[], declared: OptionTable): void {
  argv.forEach((arg, index) => {
    const match = /^--([^=]+)$/.exec(arg);
    if (!match || declared[match[1]!]?.type !== 'string') return;
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`Option '--${match[1]} <value>' argument missing`);
  });
}
