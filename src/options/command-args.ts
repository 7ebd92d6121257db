import { type HELP_OPTION, type OptionTable, type ParsedCommandLine, UsageError, parseOptionArgs } from './option-table.js';

/** Where a command writes (process by default; a capture in tests). */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** A `platform-gitops <name>` command that parses its own arguments. */
export interface CommandArgs<T extends OptionTable & typeof HELP_OPTION> {
  readonly name: string;
  readonly table: T;
  /** The whole `--help` text (formatOptionHelp of the table), also shown after a usage error. */
  readonly help: string;
  /** Takes positional arguments (else one is a usage error). @default false */
  readonly positionals?: boolean;
}

/**
 * The command line of `command`, or the exit code when there is nothing to run: 0 after printing
 * the help (--help, -h), 2 after a usage error (`platform-gitops <name>: <message>`, then the help).
 */
export function parseCommandArgs<T extends OptionTable & typeof HELP_OPTION>(command: CommandArgs<T>, argv: readonly string[], io: CommandIo): ParsedCommandLine<T> | number {
  let parsed: ParsedCommandLine<T>;
  try {
    parsed = parseOptionArgs(argv, command.table, { positionals: command.positionals === true });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`platform-gitops ${command.name}: ${error.message}\n\n${command.help}`);
    return 2;
  }
  if ((parsed.options as { help?: boolean }).help) {
    io.stdout.write(command.help);
    return 0;
  }
  return parsed;
}
