import { parseArgs } from 'node:util';

/** One command-line option: declared once, registered with Yeoman and parsed by the fast CLI. */
interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** Help text, shown by `--help` of both `yo platform:<name>` and `platform-gitops <name>`. */
  readonly description: string;
  /** Value when absent (booleans only). @default undefined */
  readonly default?: boolean;
}

/** A generator's options by their kebab-case flag name. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** What a table parses to: camelCase keys, as Yeoman hands options to a generator. */
export type ParsedOptions = Record<string, string | boolean | undefined>;

/** A command line that does not fit the table: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The key Yeoman hands a flag's value under: `service-cidr` is `serviceCidr`. */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Parses argv against `table` without Yeoman. A string flag without its value (at the end, or
 * followed by another flag) is an error, never the next flag taken as the value; `--no-<flag>`
 * turns a boolean off.
 */
export function parseOptionArgs(argv: readonly string[], table: OptionTable): ParsedOptions {
  const negated = new Set<string>();
  const args = argv.filter((arg) => {
    const match = /^--no-(.+)$/.exec(arg);
    if (match && table[match[1]!]?.type === 'boolean') {
      negated.add(match[1]!);
      return false;
    }
    return true;
  });
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, { type: spec.type }])),
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const parsed: ParsedOptions = {};
  for (const [name, spec] of Object.entries(table)) {
    const value = negated.has(name) ? false : (values[name] ?? spec.default);
    if (value !== undefined) parsed[camelCase(name)] = value;
  }
  return parsed;
}

/** `--help` text for a table. */
export function formatOptionHelp(usage: string, table: OptionTable): string {
  const width = Math.max(...Object.entries(table).map(([name, spec]) => name.length + (spec.type === 'string' ? 8 : 0)));
  const lines = Object.entries(table).map(([name, spec]) => `  --${`${name}${spec.type === 'string' ? ' <value>' : ''}`.padEnd(width)}  ${spec.description}`);
  return `${usage}\n\nOptions:\n${lines.join('\n')}\n`;
}

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** The options a table gives a generator, typed from the table itself (so each option is declared once). */
export type OptionValues<T extends OptionTable> = {
  [K in keyof T as CamelCase<K & string>]?: T[K]['type'] extends 'boolean' ? boolean : string;
};
