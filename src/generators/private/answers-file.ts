import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { isCollection, isPair, parseDocument } from 'yaml';
import { isMap } from '../../private/is-map.js';
import { isInside } from '../../workspace/index.js';
import { type InputCode, InputError, quote } from '../../model/index.js';
import { CORE_DNS_SERVICE, checkStored } from '../../services/index.js';

/** Answers are a few kilobytes; anything near this is a mistake or an attack, not a setup. */
const MAX_ANSWERS_BYTES = 1024 * 1024;

const refuse = (code: InputCode, file: string, message: string, fix: string): InputError => new InputError([{ code, path: '--answers', message: `${quote(file)} ${message}`, fix }]);

/** Deeper than any answers file needs (about 5): a deeper one is an attack on the parser. */
const MAX_DEPTH = 32;

/** Pseudo file systems: their files say size 0 and hold the machine's state (/proc/self/environ). */
const PSEUDO = ['/proc', '/sys', '/dev'];

/**
 * Reads an answers file (YAML or JSON: JSON is YAML): a regular UTF-8 file (a BOM is fine) of
 * at most 1 MiB holding a map, in the core schema (no `!!binary`, `!!set` or custom tags), with
 * unique keys, few aliases and little depth. A link that leaves the repository (`root`) and the
 * pseudo file systems are refused. Errors name the file and the fix and never quote its content
 * beyond a short excerpt.
 */
export function readAnswersFile(path: string, root: string, shown = path): unknown {
  const file = path;
  refuseOutside(file, root, shown);
  const text = decode(readLimited(file, shown), shown);
  let doc;
  try {
    // maxAliasCount stops alias bombs ("billion laughs"); the core schema knows no !!binary or !!set.
    doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, schema: 'core', resolveKnownTags: false, strict: true });
  } catch (error) {
    throw syntaxError(shown, error instanceof RangeError ? 'it is nested too deeply to parse' : firstLine(error));
  }
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw syntaxError(shown, /Maximum call stack/.test(problem.message) ? 'it is nested too deeply to parse' : firstLine(problem));
  if (depthOf(doc.contents) > MAX_DEPTH) throw syntaxError(shown, `it is nested more than ${MAX_DEPTH} levels deep`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw syntaxError(shown, error instanceof RangeError ? 'it is nested too deeply to parse' : firstLine(error));
  }
  if (!isMap(value)) {
    throw refuse(
      'answers-file-not-map',
      shown,
      `holds ${value === null ? 'nothing' : Array.isArray(value) ? 'a list' : 'a single value'}, not a map of answers`,
      'write the answers as a map (clusters:, chart:, ...); see docs/coredns.md for the format',
    );
  }
  return value;
}

const syntaxError = (file: string, detail: string): InputError => refuse('answers-file-syntax', file, `is not valid YAML or JSON: ${detail}`, 'fix the syntax; see docs/coredns.md for the format');

/** The parser's first line says what and where; the lines after it quote the file. */
function firstLine(error: unknown): string {
  const first = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
  return first.length > 160 ? `${first.slice(0, 160)}…` : first;
}

/** Nesting depth of a parsed node, without recursion (a deep document must not overflow the stack here either). */
function depthOf(root: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    max = Math.max(max, depth);
    if (max > MAX_DEPTH) return max;
    if (isCollection(node)) for (const item of node.items) stack.push([isPair(item) ? item.value : item, depth + 1]);
  }
  return max;
}

/** A link out of the repository, or a file of a pseudo file system, is not an answers file. */
function refuseOutside(file: string, root: string, shown: string): void {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return; // missing: readLimited names it
  }
  if (PSEUDO.some((dir) => real === dir || real.startsWith(`${dir}/`))) {
    throw refuse('answers-file-outside', shown, `is ${real}, a file of the system, not an answers file`, 'pass the path of a YAML or JSON answers file');
  }
  let linked = false;
  try {
    linked = lstatSync(file).isSymbolicLink();
  } catch {
    // checked above
  }
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    // a destination not created yet
  }
  if (linked && !isInside(realRoot, real)) {
    throw refuse('answers-file-outside', shown, 'is a link to a file outside the repository', 'pass the answers file itself (copy it into the repository, or give its real path)');
  }
}

/** UTF-8 text (a BOM dropped); UTF-16 and other bytes refused by name. */
function decode(bytes: Buffer, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.subarray(0, 4096).includes(0)) {
    throw refuse('answers-file-encoding', file, 'is UTF-16 (or holds NUL bytes), not UTF-8', 'save it as UTF-8 (most editors: "Save with encoding", UTF-8)');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw refuse('answers-file-encoding', file, 'is not valid UTF-8', 'save it as UTF-8');
  }
}

/**
 * The file's text, read only if it is a regular file of at most MAX_ANSWERS_BYTES. Opened
 * non-blocking and checked on the open descriptor, so a FIFO (or a file swapped for one after a
 * check) is refused at once instead of waiting for a writer.
 */
function readLimited(file: string, shown: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw refuse('answers-file-unreadable', shown, 'does not exist', 'pass the path of a YAML or JSON answers file');
    throw refuse('answers-file-unreadable', shown, `cannot be opened (${code ?? 'error'})`, 'pass the path of a readable YAML or JSON answers file');
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw refuse('answers-file-not-regular', shown, `is ${kindOf(stats)}, not a regular file`, 'pass the path of a YAML or JSON answers file');
    if (stats.size > MAX_ANSWERS_BYTES) {
      throw refuse(
        'answers-file-too-large',
        shown,
        `is ${stats.size} bytes, more than the 1 MiB (${MAX_ANSWERS_BYTES} bytes) an answers file may have`,
        'pass the answers file itself; it needs a few kilobytes',
      );
    }
    // One byte more than the limit tells a file that grew since fstat.
    const buffer = Buffer.alloc(MAX_ANSWERS_BYTES + 1);
    let length = 0;
    for (let read = 1; read > 0 && length < buffer.length; length += read) {
      read = readSync(fd, buffer, length, buffer.length - length, null);
    }
    if (length > MAX_ANSWERS_BYTES) throw refuse('answers-file-too-large', shown, 'grew past 1 MiB while being read', 'pass an answers file that is not being written to');
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a special file';
}

/** The stored CoreDNS answers, checked like any input (see checkStored). */
export function checkStoredAnswers<T>(stored: T): T {
  checkStored(CORE_DNS_SERVICE, stored, { clusters: [] });
  return stored;
}
