import type { InputCode } from './input-codes.js';

/** One problem with the input: which rule, where it is, what is wrong, and how to fix it. */
export interface InputIssue {
  /** The rule's stable name (INPUT_RULES): what callers react to, never the message text. */
  readonly code: InputCode;
  /** Path of the offending field, e.g. `clusters[1].dnsIp`. */
  readonly path: string;
  /** What is wrong, naming the value. */
  readonly message: string;
  /** What to do instead. */
  readonly fix: string;
}

/**
 * Thrown when input fails validation. Carries every issue found (not only the first), so a
 * user can fix them all in one go; nothing has been written when this is thrown.
 */
export class InputError extends Error {
  public readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[], heading = 'Invalid input') {
    super(formatIssues(heading, issues));
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** Whether `error` is an InputError, also one of another copy of this module (see isUsageError). */
export const isInputError = (error: unknown): error is InputError => error instanceof Error && error.name === 'InputError';

function formatIssues(heading: string, issues: readonly InputIssue[]): string {
  // The rule's code closes the fix line, as validate's findings show theirs: something to search the docs and tests for.
  const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}\n    fix: ${issue.fix} [${issue.code}]`);
  return `${heading} (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was written:\n${lines.join('\n')}`;
}

/** Collects issues while validating, then throws them together. */
export class IssueCollector {
  private readonly collected: InputIssue[] = [];

  add(code: InputCode, path: string, message: string, fix: string): void {
    this.collected.push({ code, path, message, fix });
  }

  get issues(): readonly InputIssue[] {
    return this.collected;
  }

  throwIfAny(heading?: string): void {
    if (this.collected.length > 0) {
      throw new InputError(this.collected, heading);
    }
  }
}

/** How much of a value an error message quotes: enough to recognise it, never a whole 50 MB answer. */
export const QUOTE_LIMIT = 60;

/**
 * A value as error text shows it, without quotes: on one line (line breaks escaped) and at most
 * QUOTE_LIMIT characters, then `…(N characters)` with the full length.
 */
export function shorten(value: string): string {
  if (value.length <= QUOTE_LIMIT) return escapeControls(value);
  // Never cut a surrogate pair in half.
  const end = /[\uD800-\uDBFF]/.test(value[QUOTE_LIMIT - 1]!) ? QUOTE_LIMIT - 1 : QUOTE_LIMIT;
  return `${escapeControls(value.slice(0, end))}…(${value.length} characters)`;
}

/** Line breaks and other control characters (terminal escapes included) as visible text. */
function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** A value quoted for an error message: `"…"`, shortened as by `shorten`. */
export function quote(value: string): string {
  return `"${shorten(value)}"`;
}
