/**
 * Shell-pattern matching as envsubst's trim operators do it: Go's path.Match minus its '/'
 * rules ('*' and '?' match '/' too, a trailing '*' matches the rest), on UTF-8 bytes. A
 * malformed pattern throws BadPattern, which the trim operators turn into "no change".
 */
export class BadPattern extends Error {}

const RUNE_ERROR = 0xfffd;

/** Go's utf8.DecodeRune: the code point at `at` and its width; invalid bytes give (U+FFFD, 1). */
export function decodeRune(bytes: Uint8Array, at: number): [code: number, width: number] {
  const lead = bytes[at]!;
  if (lead < 0x80) return [lead, 1];
  const width = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? (lead <= 0xef ? 3 : 0) : lead >= 0xc2 ? 2 : 0;
  if (width === 0 || at + width > bytes.length) return [RUNE_ERROR, 1];
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

const STAR = 0x2a, QUESTION = 0x3f, BACKSLASH = 0x5c, OPEN = 0x5b, CLOSE = 0x5d, CARET = 0x5e, DASH = 0x2d;

/** Whether `pattern` matches all of `name`. */
export function globMatch(pattern: Uint8Array, name: Uint8Array): boolean {
  let rest = pattern;
  let subject = name;
  segments: while (rest.length > 0) {
    const { star, chunk, after } = splitChunk(rest);
    rest = after;
    if (star && chunk.length === 0) return true;
    // Try the chunk here; the last chunk must also use up the name.
    const here = matchChunk(chunk, subject);
    if (here.rest && (here.rest.length === 0 || rest.length > 0)) {
      subject = here.rest;
      continue;
    }
    if (here.bad) throw new BadPattern();
    if (star) {
      for (let skip = 1; skip <= subject.length; skip++) {
        const later = matchChunk(chunk, subject.subarray(skip));
        if (later.rest) {
          if (rest.length === 0 && later.rest.length > 0) continue;
          subject = later.rest;
          continue segments;
        }
        if (later.bad) throw new BadPattern();
      }
    }
    return false;
  }
  return subject.length === 0;
}

/** Leading stars, then everything up to the next star outside a [class]. */
function splitChunk(pattern: Uint8Array): { star: boolean; chunk: Uint8Array; after: Uint8Array } {
  let start = 0;
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
  return { star: start > 0, chunk: pattern.subarray(start, end), after: pattern.subarray(end) };
}

/** Matches a star-free chunk at the start of `subject`: what is left on success, or whether the chunk was malformed. */
function matchChunk(chunk: Uint8Array, subject: Uint8Array): { rest?: Uint8Array; bad?: boolean } {
  let c = 0;
  let s = 0;
  while (c < chunk.length) {
    if (s >= subject.length) return {};
    const byte = chunk[c]!;
    if (byte === OPEN) {
      const [code, width] = decodeRune(subject, s);
      s += width;
      c++;
      const negated = chunk[c] === CARET;
      if (negated) c++;
      let matched = false;
      for (let ranges = 0; !(chunk[c] === CLOSE && ranges > 0); ranges++) {
        const low = classChar(chunk, c);
        if (!low) return { bad: true };
        const high = chunk[low.next] === DASH ? classChar(chunk, low.next + 1) : low;
        if (!high) return { bad: true };
        if (low.code <= code && code <= high.code) matched = true;
        c = high.next;
      }
      c++;
      if (matched === negated) return {};
    } else if (byte === QUESTION) {
      s += decodeRune(subject, s)[1];
      c++;
    } else {
      if (byte === BACKSLASH && ++c >= chunk.length) return { bad: true };
      if (chunk[c] !== subject[s]) return {};
      c++;
      s++;
    }
  }
  return { rest: subject.subarray(s) };
}

/** One (possibly escaped) char of a [class]; undefined when malformed or when the class ends too soon. */
function classChar(chunk: Uint8Array, at: number): { code: number; next: number } | undefined {
  let i = at;
  if (i >= chunk.length || chunk[i] === DASH || chunk[i] === CLOSE) return undefined;
  if (chunk[i] === BACKSLASH && ++i >= chunk.length) return undefined;
  const [code, width] = decodeRune(chunk, i);
  const literalError = code === RUNE_ERROR && width === 1;
  if (literalError || i + width >= chunk.length) return undefined;
  return { code, next: i + width };
}
