/**
 * Shell-pattern matching as envsubst's trim operators do it: Go's path.Match minus its '/'
 * rules ('*' and '?' match '/' too, a trailing '*' matches the rest), on UTF-8 bytes. A
 * malformed pattern throws BadPattern, which the trim operators turn into "no change".
 */
export class BadPattern extends Error {}

const RUNE_ERROR = 0xfffd;

/** Go's utf8.DecodeRune on bytes[at, end): the code point and its width; invalid bytes give (U+FFFD, 1). */
function decodeRune(bytes: Uint8Array, at: number, end = bytes.length): [code: number, width: number] {
  const lead = bytes[at]!;
  if (lead < 0x80) return [lead, 1];
  const width = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? (lead <= 0xef ? 3 : 0) : lead >= 0xc2 ? 2 : 0;
  if (width === 0 || at + width > end) return [RUNE_ERROR, 1];
  let code = lead & (0xff >> (width + 1));
  for (let i = 1; i < width; i++) {
    const next = bytes[at + i]!;
    if ((next & 0xc0) !== 0x80) return [RUNE_ERROR, 1];
    code = (code << 6) | (next & 0x3f);
  }
  const overlong = (width === 3 && code < 0x800) || (width === 4 && code < 0x10000);
  if (overlong || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return [RUNE_ERROR, 1];
  return [code, width];
}

const STAR = 0x2a,
  QUESTION = 0x3f,
  BACKSLASH = 0x5c,
  OPEN = 0x5b,
  CLOSE = 0x5d,
  CARET = 0x5e,
  DASH = 0x2d;
const NO_MATCH = -1;
const BAD = -2;

/** One star-free piece of a pattern, [start, end) in its bytes, and whether stars lead it. */
interface Chunk {
  star: boolean;
  start: number;
  end: number;
}

/**
 * A pattern split into chunks once, then matched against many names: the trims test every
 * prefix of a value. Works on indices, not copies, and counts chunk attempts in `steps` so a
 * caller can stop a pathological pattern.
 */
export class Glob {
  private readonly chunks: Chunk[] = [];
  steps = 0;

  constructor(private readonly pattern: Uint8Array) {
    let at = 0;
    while (at < pattern.length) {
      let start = at;
      while (start < pattern.length && pattern[start] === STAR) start++;
      let inClass = false;
      let end = start;
      for (; end < pattern.length; end++) {
        const byte = pattern[end];
        if (byte === BACKSLASH) {
          if (end + 1 < pattern.length) end++;
        } else if (byte === OPEN) inClass = true;
        else if (byte === CLOSE) inClass = false;
        else if (byte === STAR && !inClass) break;
      }
      this.chunks.push({ star: start > at, start, end });
      at = end;
    }
  }

  /** Whether the pattern matches all of name[0, length). */
  matches(name: Uint8Array, length: number): boolean {
    let at = 0;
    segments: for (let i = 0; i < this.chunks.length; i++) {
      const { star, start, end } = this.chunks[i]!;
      const last = i === this.chunks.length - 1;
      if (star && start === end) return true; // a trailing star takes the rest
      // Try the chunk here; the last chunk must also use up the name.
      const here = this.chunkAt(start, end, name, at, length);
      if (here >= 0 && (here === length || !last)) {
        at = here;
        continue;
      }
      if (here === BAD) throw new BadPattern();
      if (star) {
        for (let from = at + 1; from <= length; from++) {
          const later = this.chunkAt(start, end, name, from, length);
          if (later >= 0) {
            if (last && later < length) continue;
            at = later;
            continue segments;
          }
          if (later === BAD) throw new BadPattern();
        }
      }
      return false;
    }
    return at === length;
  }

  /** Matches pattern[start, end) at name[from, length): where the match ends, NO_MATCH or BAD. */
  private chunkAt(start: number, end: number, name: Uint8Array, from: number, length: number): number {
    this.steps++;
    const p = this.pattern;
    let c = start;
    let s = from;
    while (c < end) {
      if (s >= length) return NO_MATCH;
      const byte = p[c]!;
      if (byte === OPEN) {
        const [code, width] = decodeRune(name, s, length);
        s += width;
        c++;
        const negated = p[c] === CARET && c < end;
        if (negated) c++;
        let matched = false;
        for (let ranges = 0; !(c < end && p[c] === CLOSE && ranges > 0); ranges++) {
          const low = classChar(p, c, end);
          if (!low) return BAD;
          const high = p[low.next] === DASH ? classChar(p, low.next + 1, end) : low;
          if (!high) return BAD;
          if (low.code <= code && code <= high.code) matched = true;
          c = high.next;
        }
        c++;
        if (matched === negated) return NO_MATCH;
      } else if (byte === QUESTION) {
        s += decodeRune(name, s, length)[1];
        c++;
      } else {
        if (byte === BACKSLASH && ++c >= end) return BAD;
        if (p[c] !== name[s]) return NO_MATCH;
        c++;
        s++;
      }
    }
    return s;
  }
}

/** One (possibly escaped) char of a [class] in pattern[at, end); undefined when malformed or the class ends too soon. */
function classChar(pattern: Uint8Array, at: number, end: number): { code: number; next: number } | undefined {
  let i = at;
  if (i >= end || pattern[i] === DASH || pattern[i] === CLOSE) return undefined;
  if (pattern[i] === BACKSLASH && ++i >= end) return undefined;
  const [code, width] = decodeRune(pattern, i, end);
  const literalError = code === RUNE_ERROR && width === 1;
  if (literalError || i + width >= end) return undefined;
  return { code, next: i + width };
}
