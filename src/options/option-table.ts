import { parseArgs } from 'node:util';

interface BaseSpec {
  /** Help text, shown by `--help` of both `yo platform:<name>` and `platform-gitops <name>`. */
  readonly description: string;
  /** One letter: `-o` as well as `--output`. */
  readonly short?: string;
}

interface BooleanSpec extends BaseSpec {
  readonly type: 'boolean';
  /** Value when absent. @default undefined */
  readonly default?: boolean;
}

interface StringSpec extends BaseSpec {
  readonly type: 'string';
  /** The only values taken; any other is a usage error. */
  readonly choices?: readonly string[];
  /** What the value is, in `--help` (`NAME=DIR`). @default the choices, else "value" */
  readonly placeholder?: string;
}

/** Repeatable: every occurrence is kept, in order; absent is an empty list. */
interface MultipleSpec extends StringSpec {
  readonly multiple: true;
  readonly default?: never;
}

interface SingleSpec extends StringSpec {
  readonly multiple?: false;
  /** Value when absent. @default undefined */
  readonly default?: string;
}

/** One command-line option: declared once, registered with Yeoman and parsed by the fast CLI. */
type OptionSpec = BooleanSpec | SingleSpec | MultipleSpec;

/** A generator's options by their kebab-case flag name. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** What a table parses to: camelCase keys, as Yeoman hands options to a generator. */
type ParsedOptions = Record<string, string | string[] | boolean | undefined>;

/** `--help`/`-h`, for a command that handles help itself (spread into its table). */
export const HELP_OPTION = {
  help: { type: 'boolean', short: 'h', description: 'Print this help and exit' },
} as const satisfies OptionTable;

/** Whether argv asks for help anywhere (`--help` or `-h`), before it is parsed. */
export function asksForHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** A command line that does not fit the table: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Whether `error` is a UsageError, also one thrown by another copy of this module: the bundled
 * CLI (dist/cli) runs the Yeoman path from dist/src, whose classes are not the bundle's.
 */
export const isUsageError = (error: unknown): error is UsageError => error instanceof Error && error.name === 'UsageError';

/** The key Yeoman hands a flag's value under: `service-cidr` is `serviceCidr`. */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** "a, b or c" */
function either(choices: readonly string[]): string {
  return choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : (choices[0] ?? '');
}

/** Options and positional arguments, from `parseOptionArgs(argv, table, { positionals })`. */
export interface ParsedCommandLine<T extends OptionTable> {
  readonly options: OptionValues<T>;
  readonly positionals: string[];
}

/**
 * Parses argv against `table` without Yeoman. A string flag without its value (at the end, or
 * followed by another flag) is an error, never the next flag taken as the value; `--no-<flag>`
 * turns a boolean off. Positional arguments are a usage error unless `mode.positionals` takes them
 * (then the options and the positionals are returned apart).
 */
export function parseOptionArgs<T extends OptionTable>(argv: readonly string[], table: T): OptionValues<T>;
export function parseOptionArgs<T extends OptionTable>(argv: readonly string[], table: T, mode: { readonly positionals: boolean }): ParsedCommandLine<T>;
export function parseOptionArgs<T extends OptionTable>(argv: readonly string[], table: T, mode?: { readonly positionals: boolean }): OptionValues<T> | ParsedCommandLine<T> {
  const specs = Object.entries(table as OptionTable);
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of specs) {
    options[name] = { type: spec.type, ...(spec.short !== undefined ? { short: spec.short } : {}), ...(spec.type === 'string' && spec.multiple ? { multiple: true } : {}) };
    // Declared, not filtered from argv: an argument after `--` or a flag's value stays as it is.
    if (spec.type === 'boolean') options[`no-${name}`] = { type: 'boolean' };
  }
  let parsedArgs;
  try {
    parsedArgs = parseArgs({ args: [...argv], options, strict: true, allowPositionals: mode?.positionals === true });
  } catch (error) {
    // Only what the user typed is a usage error; a malformed table is a bug and stays one.
    if (!String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) throw error;
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const values = parsedArgs.values as ParsedOptions;
  const parsed: ParsedOptions = {};
  for (const [name, spec] of specs) {
    const given = values[name];
    if (spec.type === 'string' && spec.choices) {
      for (const one of typeof given === 'string' ? [given] : Array.isArray(given) ? given : []) {
        if (!spec.choices.includes(one)) throw new UsageError(`--${name} must be ${either(spec.choices)}, not "${one}"`);
      }
    }
    const value = values[`no-${name}`] ? false : (given ?? (spec.type === 'string' && spec.multiple ? [] : spec.default));
    if (value !== undefined) parsed[camelCase(name)] = value;
  }
  const result = parsed as OptionValues<T>;
  return mode ? { options: result, positionals: parsedArgs.positionals } : result;
}

/** `-o, --output <FILE> ...`: how one option is written in `--help`. */
function flagText(name: string, spec: OptionSpec, withShort: boolean): string {
  const short = spec.short !== undefined ? `-${spec.short}, ` : withShort ? '    ' : '';
  if (spec.type === 'boolean') return `${short}--${name}`;
  return `${short}--${name} <${spec.placeholder ?? spec.choices?.join('|') ?? 'value'}>${spec.multiple ? ' ...' : ''}`;
}

/** `--help` text for a table: `usage` (the synopsis and any prose), then every option. */
export function formatOptionHelp(usage: string, table: OptionTable): string {
  const specs = Object.entries(table);
  const withShort = specs.some(([, spec]) => spec.short !== undefined);
  const flags = specs.map(([name, spec]) => flagText(name, spec, withShort));
  const width = Math.max(...flags.map((flag) => flag.length));
  const lines = specs.map(([, spec], i) => {
    const fallback = spec.type === 'string' && !spec.multiple && spec.default !== undefined ? ` (default ${spec.default})` : '';
    return `  ${flags[i]!.padEnd(width)}  ${spec.description}${fallback}`;
  });
  return `${usage.trimEnd()}\n\nOptions:\n${lines.join('\n')}\n`;
}

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** The value of one option: a choice is one of its choices. */
type ValueOf<S extends OptionSpec> = S extends BooleanSpec ? boolean : S extends MultipleSpec ? string[] : S extends { readonly choices: readonly (infer C)[] } ? C : string;

/** Options always present once parsed: repeatable ones (an empty list) and those with a default. */
type Present<T extends OptionTable> = { [K in keyof T]: T[K] extends MultipleSpec ? K : T[K] extends { readonly default: string | boolean } ? K : never }[keyof T];

/** The options a table gives a generator, typed from the table itself (so each option is declared once). */
export type OptionValues<T extends OptionTable> = {
  [K in Exclude<keyof T, Present<T>> as CamelCase<K & string>]?: ValueOf<T[K]>;
} & {
  [K in Present<T> as CamelCase<K & string>]: ValueOf<T[K]>;
};
