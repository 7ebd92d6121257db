import { join } from 'node:path';
import { createEnv } from 'yeoman-environment';
import { takeValidationErrors } from '../generators/private/post-validate.js';
import { packageRoot } from '../private/package-root.js';
import { checkOptionValues } from './option-values-check.js';
import { asksForHelp } from '../options/index.js';

/** Options for running a generator outside `yo`. */
export interface RunGeneratorOptions {
  /** Destination directory. @default process.cwd() */
  readonly cwd?: string;
}

/**
 * Runs `platform:<name>` through yeoman-environment: the same generator `yo` runs, with its
 * options parsed from argv, and nothing installed globally.
 * @returns the exit code: 1 when the check after writing found errors, else 0
 */
export async function runGenerator(name: string, argv: readonly string[], options: RunGeneratorOptions = {}): Promise<number> {
  const env = createEnv({ cwd: options.cwd ?? process.cwd(), skipInstall: true } as Parameters<typeof createEnv>[0]);
  env.register(join(packageRoot(), 'generators', name, 'index.js'), { namespace: `platform:${name}` });
  // --help only prints: the generator then reads nothing from the repository.
  const help = asksForHelp(argv);
  const declared = await env.create(`platform:${name}`, { generatorArgs: [], generatorOptions: { skipInstall: true, ...(help ? { help: true } : {}) } as never });
  checkOptionValues(argv, (declared as unknown as { _options: Parameters<typeof checkOptionValues>[1] })._options);
  takeValidationErrors();
  // Nothing to install: skip the package-manager step and its message.
  await env.execute(`platform:${name}`, [...argv, '--skip-install']);
  return takeValidationErrors() > 0 ? 1 : 0;
}
