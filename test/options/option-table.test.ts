// The option table: what a command line parses to, what is a usage error, and what --help says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HELP_OPTION, type OptionTable, UsageError, formatOptionHelp, parseCommandArgs, parseOptionArgs } from '../../src/options/index.js';

const TABLE = {
  format: { type: 'string', choices: ['text', 'json', 'github'], default: 'text', description: 'How to print' },
  source: { type: 'string', multiple: true, placeholder: 'NAME=DIR', description: 'A source folder' },
  level: { type: 'string', multiple: true, choices: ['low', 'high'], description: 'Levels to show' },
  output: { type: 'string', short: 'o', placeholder: 'FILE', description: 'Where to write' },
  cluster: { type: 'string', description: 'One cluster' },
  strict: { type: 'boolean', default: false, description: 'Fail on notes' },
  ...HELP_OPTION,
} as const satisfies OptionTable;

/** The UsageError message `run` throws (fails the test when it throws none, or another error). */
function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error.message;
  }
  assert.fail('no usage error');
}

test('a string default stands when the flag is absent, and the value given replaces it', () => {
  // Typed without `?`: a default and a repeatable option are always there once parsed.
  const absent: { format: 'text' | 'json' | 'github'; source: string[]; strict: boolean } = parseOptionArgs([], TABLE);
  assert.equal(absent.format, 'text');
  assert.equal(parseOptionArgs(['--format', 'json'], TABLE).format, 'json');
  assert.equal(parseOptionArgs(['--format=github'], TABLE).format, 'github');
  assert.equal(parseOptionArgs([], TABLE).cluster, undefined);
});

test('a repeatable option keeps every value in order, and is empty when absent', () => {
  assert.deepEqual(parseOptionArgs(['--source', 'a=x', '--cluster', 'c', '--source', 'b=y'], TABLE).source, ['a=x', 'b=y']);
  assert.deepEqual(parseOptionArgs([], TABLE).source, []);
});

test('a short flag is the same option as its long name', () => {
  assert.equal(parseOptionArgs(['-o', 'graph.svg'], TABLE).output, 'graph.svg');
  assert.equal(parseOptionArgs(['-h'], TABLE).help, true);
  assert.match(
    usageError(() => parseOptionArgs(['-x'], TABLE)),
    /Unknown option '-x'/,
  );
});

test('a value outside the choices is a usage error naming the flag and every choice', () => {
  assert.equal(
    usageError(() => parseOptionArgs(['--format', 'xml'], TABLE)),
    '--format must be text, json or github, not "xml"',
  );
  assert.deepEqual(parseOptionArgs(['--level', 'low', '--level', 'high'], TABLE).level, ['low', 'high']);
  assert.equal(
    usageError(() => parseOptionArgs(['--level', 'low', '--level', 'mid'], TABLE)),
    '--level must be low or high, not "mid"',
  );
});

test('positionals are a usage error unless asked for, then returned apart from the options', () => {
  assert.match(
    usageError(() => parseOptionArgs(['extra'], TABLE)),
    /Unexpected argument 'extra'/,
  );
  const parsed = parseOptionArgs(['a', '--cluster', 'c', 'b', '--', '--no-strict'], TABLE, { positionals: true });
  assert.deepEqual(parsed.positionals, ['a', 'b', '--no-strict']);
  assert.equal(parsed.options.cluster, 'c');
  assert.equal(parsed.options.strict, false);
  assert.deepEqual(parseOptionArgs(['--cluster', 'c'], TABLE, { positionals: false }), { options: { format: 'text', source: [], level: [], cluster: 'c', strict: false }, positionals: [] });
});

test('--no-<flag> turns a boolean off; a string flag without its value is an error', () => {
  assert.equal(parseOptionArgs(['--strict'], TABLE).strict, true);
  assert.equal(parseOptionArgs(['--strict', '--no-strict'], TABLE).strict, false);
  assert.match(
    usageError(() => parseOptionArgs(['--no-cluster'], TABLE)),
    /Unknown option '--no-cluster'/,
  );
  assert.match(
    usageError(() => parseOptionArgs(['--cluster'], TABLE)),
    /'--cluster <value>' argument missing/,
  );
  assert.match(
    usageError(() => parseOptionArgs(['--cluster', '--strict'], TABLE)),
    /'--cluster' argument is ambiguous/,
  );
});

test('a malformed table is a programming error, not a usage error', () => {
  assert.throws(
    () => parseOptionArgs([], { out: { type: 'string', short: 'out', description: 'Where' } }),
    (error: Error) => !(error instanceof UsageError) && /single character/.test(error.message),
  );
});

test('--help lists each flag with its short name, placeholder, choices, repetition and default', () => {
  const help = formatOptionHelp('Usage: demo [options]\n\nDoes a thing.\n', TABLE);
  assert.match(help, /^Usage: demo \[options\]\n\nDoes a thing\.\n\nOptions:\n/);
  assert.match(help, /^ {6}--format <text\|json\|github> +How to print \(default text\)$/m);
  assert.match(help, /^ {6}--source <NAME=DIR> \.\.\. +A source folder$/m);
  assert.match(help, /^ {2}-o, --output <FILE> +Where to write$/m);
  assert.match(help, /^ {6}--cluster <value> +One cluster$/m);
  assert.match(help, /^ {6}--strict +Fail on notes$/m);
  assert.match(help, /^ {2}-h, --help +Print this help and exit\n$/m);
  // Without a short flag in the table there is no column for one.
  assert.equal(formatOptionHelp('Usage: x', { force: { type: 'boolean', description: 'Overwrite' } }), 'Usage: x\n\nOptions:\n  --force  Overwrite\n');
});

test('a command prints its help (exit 0) or the usage error and its help (exit 2), else runs on what was parsed', () => {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
  const command = { name: 'demo', table: TABLE, help: 'HELP\n', positionals: true };
  assert.equal(parseCommandArgs(command, ['--cluster', 'c', '--help'], io), 0);
  assert.deepEqual([out, err], [['HELP\n'], []]);
  out.length = 0;
  assert.equal(parseCommandArgs(command, ['--format', 'xml'], io), 2);
  assert.deepEqual([out, err], [[], ['platform-gitops demo: --format must be text, json or github, not "xml"\n\nHELP\n']]);
  const parsed = parseCommandArgs(command, ['p', '-o', 'f'], io);
  assert.notEqual(typeof parsed, 'number');
  assert.deepEqual(typeof parsed === 'number' ? undefined : [parsed.positionals, parsed.options.output], [['p'], 'f']);
});
