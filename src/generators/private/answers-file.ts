import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { parse } from 'yaml';
import { type InputCode, InputError, quote } from '../../model/index.js';
import { CORE_DNS_SERVICE, checkStored } from '../../services/index.js';

/** Answers are a few kilobytes; anything near this is a mistake or an attack, not a setup. */
const MAX_ANSWERS_BYTES = 1024 * 1024;

const refuse = (code: InputCode, file: string, message: string, fix: string): InputError => new InputError([{ code, path: '--answers', message: `${quote(file)} ${message}`, fix }]);

/** Reads an answers file (YAML or JSON: JSON is YAML). Errors name the file and the fix. */
export function readAnswersFile(file: string): unknown {
  const text = readLimited(file);
  try {
    // maxAliasCount (the library's default, explicit here) stops alias bombs ("billion laughs").
    return parse(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    // The parser's first line says what and where; the lines after it quote the file.
    const first = (error as Error).message.split('\n', 1)[0] ?? '';
    const detail = first.length > 240 ? `${first.slice(0, 240)}…` : first;
    throw refuse('answers-file-syntax', file, `is not valid YAML or JSON: ${detail}`, 'fix the syntax; see docs/coredns.md for the format');
  }
}

/**
 * The file's text, read only if it is a regular file of at most MAX_ANSWERS_BYTES. Opened
 * non-blocking and checked on the open descriptor, so a FIFO (or a file swapped for one after a
 * check) is refused at once instead of waiting for a writer.
 */
function readLimited(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw refuse('answers-file-unreadable', file, 'does not exist', 'pass the path of a YAML or JSON answers file');
    throw refuse('answers-file-unreadable', file, `cannot be opened (${code ?? 'error'})`, 'pass the path of a readable YAML or JSON answers file');
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw refuse('answers-file-not-regular', file, `is ${kindOf(stats)}, not a regular file`, 'pass the path of a YAML or JSON answers file');
    if (stats.size > MAX_ANSWERS_BYTES) {
      throw refuse(
        'answers-file-too-large',
        file,
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
    if (length > MAX_ANSWERS_BYTES) throw refuse('answers-file-too-large', file, 'grew past 1 MiB while being read', 'pass an answers file that is not being written to');
    return buffer.toString('utf8', 0, length);
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
