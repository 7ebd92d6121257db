import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute } from 'node:path';
import { TEMP_FILE } from './atomic-write.js';
import { isInside } from './repo-paths.js';
import { runStatePaths } from './run-state.js';

/** A journal is a few lines per planned file; a larger one is not ours. */
const MAX_JOURNAL_BYTES = 16 * 1024 * 1024;

/** Whether a file name has the shape of this tool's temporary files (never enough to delete it: see the journal). */
export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name);
}

/**
 * Records the temporary files a run is about to create, before it creates them (one write,
 * flushed): a run killed before it renamed them all leaves the journal, and the next run removes
 * exactly those files. Nothing is ever deleted for its name alone.
 */
export function writeJournal(root: string, temps: readonly string[]): void {
  const journal = runStatePaths(root).journal;
  mkdirSync(dirname(journal), { recursive: true });
  const fd = openSync(journal, 'w', 0o600);
  try {
    writeSync(fd, temps.map((temp) => `${JSON.stringify(temp)}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The run finished (or cleaned up after itself): its journal goes. */
export function removeJournal(root: string): void {
  rmSync(runStatePaths(root).journal, { force: true });
}

/**
 * Removes the temporary files a killed run left, as its journal lists them, then the journal.
 * Called under the repository lock, before planning, so no live run's files are touched and no
 * plan sees them. An entry is removed only if it is a regular file inside the repository with
 * our temp-file name: a journal that a pull request planted cannot delete anything else.
 * @returns the removed files
 */
export function removeStaleTempFiles(root: string): string[] {
  const journal = runStatePaths(root).journal;
  let text: string;
  try {
    if (!lstatSync(journal).isFile() || lstatSync(journal).size > MAX_JOURNAL_BYTES) return [];
    text = readFileSync(journal, 'utf8');
  } catch {
    return [];
  }
  const realRoot = realpathSync(root);
  const removed: string[] = [];
  for (const line of text.split('\n')) {
    const temp = parseEntry(line);
    if (temp === undefined || !isAbsolute(temp) || !isTempFile(basename(temp)) || !isInside(realRoot, dirname(temp))) continue;
    try {
      if (!lstatSync(temp).isFile()) continue;
    } catch {
      continue; // renamed into place before the run stopped
    }
    rmSync(temp, { force: true });
    removed.push(temp);
  }
  rmSync(journal, { force: true });
  return removed;
}

function parseEntry(line: string): string | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined; // the half-written last line of a killed run: it created no temp file yet
  }
}
