import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Temporary files are named `.<target>.platform-gitops-<pid>-<hex>.tmp` beside their target, so
 * a later run can find the ones a killed run left behind (see temp-files.ts).
 */
export const TEMP_FILE = /^\..+\.platform-gitops-\d+-[0-9a-f]+\.tmp$/;

/** The temporary name for `file` in this process. */
export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.platform-gitops-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes a file so that a reader (or a crash) sees either the old bytes or the new, never half:
 * a temporary file beside the target, flushed, then renamed over the target, then the directory
 * flushed so the rename survives a power cut. `mode` is the new file's permission bits.
 */
export function writeFileAtomic(file: string, contents: string, mode = 0o644): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = tempPathFor(file);
  try {
    writeFlushed(temp, contents, mode);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(dirname(file));
}

/** Writes `contents` to a new file and flushes it to disk. */
export function writeFlushed(file: string, contents: string, mode: number): void {
  const fd = openSync(file, 'wx', mode);
  try {
    writeSync(fd, contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a directory entry (renames); a no-op where the platform cannot open directories. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows and some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
