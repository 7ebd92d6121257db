import { join } from 'node:path';
import { createEnv } from 'yeoman-environment';
import { PlatformGenerator } from '../generators/private/platform-generator.js';
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
 * @returns the exit code: 1 when the check after writing found errors, else 0 (the generator
 *   that ran counts them: nothing is carried from one run to the next)
 */
export async function runGenerator(name: string, argv: readonly string[], options: RunGeneratorOptions = {}): Promise<number> {
  const env = createEnv({ cwd: options.cwd ?? process.cwd(), skipInstall: true } as Parameters<typeof createEnv>[0]);
  env.register(join(packageRoot(), 'generators', name, 'index.js'), { namespace: `platform:${name}` });
  // --help only prints: the generator then reads nothing from the repository.
  const help = asksForHelp(argv);
  const declared = await env.create(`platform:${name}`, { generatorArgs: [], generatorOptions: { skipInstall: true, ...(help ? { help: true } : {}) } as never });
  // Yeoman's own options are all boolean: the String options are the ones the generator declared.
  checkOptionValues(argv, declared instanceof PlatformGenerator ? declared.declaredOptions : {});
  // Nothing to install: skip the package-manager step and its message.
  await env.execute(`platform:${name}`, [...argv, '--skip-install']);
  const ran: unknown = env.rootGenerator();
  return ran instanceof PlatformGenerator && ran.validationErrors > 0 ? 1 : 0;
}
