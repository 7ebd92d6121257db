import type { z } from 'zod';
import type { InputCode } from './input-codes.js';
import { quote, shorten } from './input-error.js';

// zod's issues in the words of an answers file: the field path, what is wrong, and the fix.

/**
 * An unknown key, quoted only when it looks like a key a person typed: a file that is no answers
 * file (a line of /etc/shadow read as a key) is never echoed.
 */
function quoteKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]{0,39}$/.test(key) ? quote(key) : `(a key of ${key.length} characters that names no answer, not quoted)`;
}

export function describeSchemaIssue(issue: z.core.$ZodIssue): [InputCode, string, string, string] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return [
        'answers-unknown-key',
        path || '(top level)',
        `unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.slice(0, 5).map(quoteKey).join(', ')}${issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : ''}`,
        'remove it, or check its spelling against docs/coredns.md',
      ];
    case 'invalid_type':
      return [
        'answers-wrong-type',
        path || '(top level)',
        `expected ${expectedWords(path, issue.expected)}, got ${describeValue(issue.input)}`,
        `write ${path || 'the answers'} as ${article(TYPE_WORDS[issue.expected] ?? issue.expected)}`,
      ];
    case 'invalid_union':
      return ['answers-wrong-type', path, `has the wrong type (${describeValue(issue.input)})`, 'write a string or a list of strings'];
    default:
      return ['answers-invalid', path || '(top level)', issue.message, 'see docs/coredns.md for the answers format'];
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${shorten(String(part))}`)).join('');
}

/** YAML words for zod's type names, for the fix text. */
const TYPE_WORDS: Record<string, string> = { array: 'list', object: 'map', record: 'map' };

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value); // NaN, Infinity: JSON says null
  return typeof value === 'string' ? `string ${quote(value)}` : `${typeof value} ${shorten(String(value))}`;
}

/** Replicas are counted: "expected a whole number" says more than zod's "expected number". */
function expectedWords(path: string, expected: string): string {
  return expected === 'number' && path.endsWith('.replicas') ? 'a whole number' : expected;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
