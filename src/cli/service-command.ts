import { type OptionTable, type OptionValues, asksForHelp, formatOptionHelp, parseOptionArgs } from '../options/index.js';
import { type PlatformService, runService } from '../services/index.js';
import { formatChanges } from '../workspace/index.js';
import { Engine } from '../engine/index.js';
import type { CommandIo } from '../options/index.js';

/** A line logger, as the generators' `this.log`. */
interface LineLog {
  writeln(line: string): unknown;
}

/** Options every service command's table carries (COMMON_OPTIONS). */
interface RunOptions {
  interactive?: boolean;
  force?: boolean;
  dryRun?: boolean;
}

/** What working out the answers may leave for the run. */
interface AnswersContext {
  /** Lines to print before the statuses (the detected layout, warnings, an adopted upgrade). */
  readonly said: string[];
  /** Owned files on disk to take as not hand-edited (a recognised chart bump), by path. */
  readonly accepted: Map<string, string>;
}

/** A `platform-gitops <service>` command: a Yeoman generator in a terminal, the service runner elsewhere. */
export interface ServiceCommand<T extends OptionTable, Config> {
  /** The generator (`platform:<generator>`) a terminal run uses. */
  readonly generator: string;
  readonly usage: string;
  readonly table: T;
  readonly service: PlatformService<Config>;
  /** The answers of a non-interactive run, given what the service stored (InputError if some are missing). */
  answers(options: OptionValues<T>, stored: unknown, root: string, context: AnswersContext): unknown;
  /** Before writing (not on --dry-run): what `after` compares with (the repository's errors before the run). */
  before?(options: OptionValues<T>, root: string): Promise<unknown>;
  /**
   * After writing (not on --dry-run): the exit code, given what `before` returned. `engine` was
   * started before the plan (its start-up overlaps planning and writing) unless --skip-validate;
   * it is closed after. @default 0
   */
  after?(options: OptionValues<T>, root: string, log: LineLog, engine: Engine | undefined, before: unknown): Promise<number>;
}

/**
 * Runs a service command. In a terminal (or with --interactive) it runs the Yeoman generator
 * (prompts, Yeoman's conflict prompt); without one it runs the same plan through the same
 * writer without loading Yeoman, which is most of its start-up time. --dry-run never asks and
 * never writes: it prints the unified diff of what would change.
 */
export async function runServiceCommand<T extends OptionTable, Config>(command: ServiceCommand<T, Config>, argv: readonly string[], io: CommandIo = process): Promise<number> {
  if (asksForHelp(argv)) {
    io.stdout.write(formatOptionHelp(command.usage, command.table));
    return 0;
  }
  const options = parseOptionArgs(argv, command.table) as OptionValues<T> & RunOptions;
  if (!options.dryRun && (options.interactive ?? process.stdin.isTTY === true)) {
    const { runGenerator } = await import('./run-generator.js');
    return runGenerator(command.generator, argv);
  }
  const engine = command.after && !options.dryRun && !(options as { skipValidate?: boolean }).skipValidate ? new Engine() : undefined;
  try {
    engine?.warmUp();
    return await runNonInteractive(command, options, io, engine);
  } finally {
    await engine?.close();
  }
}

async function runNonInteractive<T extends OptionTable, Config>(command: ServiceCommand<T, Config>, options: OptionValues<T> & RunOptions, io: CommandIo, engine: Engine | undefined): Promise<number> {
  const root = process.cwd();
  const context: AnswersContext = { said: [], accepted: new Map() };
  const before = options.dryRun ? undefined : await command.before?.(options, root);
  const result = runService(command.service, {
    root,
    answers: (stored) => command.answers(options, stored, root, context),
    policy: options.force ? 'force' : 'stop',
    accepted: context.accepted,
    ...(options.dryRun ? { dryRun: true } : {}),
  });
  for (const line of context.said) io.stdout.write(`i ${line}\n`);
  if (options.dryRun) {
    io.stdout.write(formatChanges(result.changes) || 'No file would change.\n');
    return 0;
  }
  const log = { writeln: (line: string) => io.stdout.write(`${line}\n`) };
  for (const { path, status } of result.statuses) log.writeln(`${status.padStart(10)} ${path}`);
  for (const note of result.notes) log.writeln(`i ${note}`);
  return (await command.after?.(options, root, log, engine, before)) ?? 0;
}
