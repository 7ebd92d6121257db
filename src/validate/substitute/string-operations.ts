import { BadPattern, Glob } from './glob-match.js';
import type { OutputBudget } from './output-budget.js';
import { SubstitutionError } from './substitution-error.js';

/*
 * The operators of fluxcd/pkg envsubst (funcs.go), on Go strings: lengths, offsets and trims
 * count UTF-8 bytes, not characters, and the odd edge cases are kept on purpose.
 */

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
const codePoints = (value: string): string[] => Array.from(value);

/** `${#V}`: the length in bytes. */
export function byteLength(value: string): string {
  return String(Buffer.byteLength(value));
}

/**
 * Go maps case one rune at a time (unicode.ToUpper / ToLower), never to several chars: where
 * JavaScript's full mapping gives more than one (ß -> SS), the char stays as it is, except for
 * the few whose Unicode simple mapping is another single rune (from UnicodeData.txt).
 */
function simpleOnly(code: number, upper: boolean): number | undefined {
  if (!upper) return code === 0x130 ? 0x69 : undefined; // İ -> i
  const iotaSubscript = [0x1f80, 0x1f90, 0x1fa0].some((start) => code >= start && code < start + 8);
  if (iotaSubscript) return code + 8; // ᾀ -> ᾈ ...
  return [0x1fb3, 0x1fc3, 0x1ff3].includes(code) ? code + 9 : undefined; // ᾳ -> ᾼ ...
}

function mapRune(char: string, upper: boolean): string {
  const mapped = upper ? char.toUpperCase() : char.toLowerCase();
  if (codePoints(mapped).length === 1) return mapped;
  const simple = simpleOnly(char.codePointAt(0)!, upper);
  return simple === undefined ? char : String.fromCodePoint(simple);
}

/** `${V^}` `${V^^}` `${V,}` `${V,,}`. */
export function changeCase(value: string, upper: boolean, all: boolean): string {
  const chars = codePoints(value);
  if (chars.length === 0) return value;
  return all ? chars.map((c) => mapRune(c, upper)).join('') : mapRune(chars[0]!, upper) + chars.slice(1).join('');
}

/** Go's strconv.Atoi: optional sign and ASCII digits, within int64; anything else is not a number. */
function goInt(arg: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(arg)) return undefined;
  const value = BigInt(arg);
  return BigInt.asIntN(64, value) === value ? value : undefined;
}

/**
 * `${V:pos}` / `${V:pos:len}` on bytes. A position or length that is not a number leaves the
 * value as it is; a negative position counts from the end. A negative length makes the Go code
 * slice backwards and panic, so the reconcile fails: that is an error here too.
 */
export function substring(value: string, source: string, posArg: string, lenArg?: string): string {
  const bytes = utf8(value);
  const size = BigInt(bytes.length);
  let pos = goInt(posArg);
  if (pos === undefined) return value;
  if (pos < 0n) pos = pos + size < 0n ? 0n : pos + size;
  const tail = (): string => (pos! < size ? text(bytes.subarray(Number(pos))) : '');
  if (lenArg === undefined) return tail();
  const length = goInt(lenArg);
  if (length === undefined) return value;
  const end = BigInt.asIntN(64, pos + length); // Go's int arithmetic wraps
  if (end >= size) return tail();
  if (end < pos) throw new SubstitutionError(`${source}: a negative length makes Flux's envsubst panic (slice bounds out of range), so the reconcile fails`, undefined, 'panic');
  return text(bytes.subarray(Number(pos), Number(end)));
}

/** Go's strings.Replace: literal, not a pattern; an empty `old` matches before every rune and at the end. */
function replaceLiteral(value: string, old: string, by: string, all: boolean, budget: OutputBudget): string {
  const parts = old === '' ? ['', ...codePoints(value), ''] : value.split(old);
  if (parts.length === 1) return value;
  if (!all) return old === '' ? by + value : parts[0] + by + parts.slice(1).join(old);
  // Size the result before building it: this is where a substitution bomb would grow.
  budget.check(Buffer.byteLength(value) + (parts.length - 1) * (Buffer.byteLength(by) - Buffer.byteLength(old)));
  return parts.join(by);
}

/** `${V/a/b}` `${V//a/b}` `${V/#a/b}` `${V/%a/b}`; `/#` and `/%` without a replacement change nothing. */
export function replace(value: string, op: string, args: string[], budget: OutputBudget): string {
  const [old, by] = args as [string, string | undefined];
  switch (op) {
    case '/':
    case '//':
      return replaceLiteral(value, old, by ?? '', op === '//', budget);
    case '/#':
      return by !== undefined && value.startsWith(old) ? by + value.slice(old.length) : value;
    default:
      return by !== undefined && value.endsWith(old) ? value.slice(0, value.length - old.length) + by : value;
  }
}

/**
 * `${V#p}` `${V##p}` `${V%p}` `${V%%p}`: removes the shortest or longest prefix matching the
 * shell pattern. Suffixes are done as envsubst does them, by reversing both the value and the
 * pattern, so a [class] in a suffix pattern reads backwards (and often never matches).
 */
export function trim(value: string, op: string, pattern: string, source: string): string {
  const fromEnd = op.startsWith('%');
  const reverse = (s: string): string => codePoints(s).reverse().join('');
  const subject = utf8(fromEnd ? reverse(value) : value);
  const glob = utf8(fromEnd ? reverse(pattern) : pattern);
  const cut = matchedPrefix(subject, glob, op.length === 2, source);
  if (cut === 0) return value;
  const kept = text(subject.subarray(cut));
  return fromEnd ? reverse(kept) : kept;
}

/** Chunk attempts one trim may make: envsubst's prefix-by-prefix matching is quadratic or worse. */
const MAX_TRIM_STEPS = 20_000_000;

/** The byte length of the longest (or shortest non-empty) prefix the glob matches; 0 for none or a bad pattern. */
function matchedPrefix(subject: Buffer, pattern: Buffer, longest: boolean, source: string): number {
  const glob = new Glob(pattern);
  let found = 0;
  try {
    for (let end = subject.length; end > 0; end--) {
      const matched = glob.matches(subject, end);
      if (glob.steps > MAX_TRIM_STEPS) {
        throw new SubstitutionError(`${source}: trimming this value takes more than ${MAX_TRIM_STEPS} pattern steps; not evaluated offline`, undefined, 'limit');
      }
      if (!matched) continue;
      if (longest) return end;
      found = end;
    }
  } catch (error) {
    if (error instanceof BadPattern) return 0;
    throw error;
  }
  return found;
}
