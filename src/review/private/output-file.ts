import { randomBytes } from 'node:crypto';
import { lstatSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** `--output` names a path this run must not write: exit 2, nothing written. */
export class OutputRefusedError extends Error {}

/**
 * Writes `text` to `path` as asked and nowhere else: a link (even to a file) and a special file
 * (FIFO, device, folder) are refused, an existing file is replaced only with `force`. The text goes
 * to a new temp file beside it (created exclusively, so never through a planted link) renamed
 * over the path: a reader sees the old file or the new one, and a failed write leaves nothing.
 * @throws OutputRefusedError for a path refused; the write's own error (ENOSPC...) after removing the temp file
 */
export function writeOutputFile(path: string, text: string, force: boolean): void {
  let existing;
  try {
    existing = lstatSync(path);
  } catch {
    existing = undefined;
  }
  if (existing?.isSymbolicLink()) throw new OutputRefusedError(`${path} is a symbolic link; not written through. Remove it or name another file`);
  if (existing && !existing.isFile()) throw new OutputRefusedError(`${path} is not a regular file (a folder, FIFO or device); name a file`);
  if (existing && !force) throw new OutputRefusedError(`${path} exists; pass --force to replace it`);
  const folder = dirname(path);
  let folderIsDir = false;
  try {
    folderIsDir = statSync(folder).isDirectory();
  } catch {
    // missing
  }
  if (!folderIsDir) throw new OutputRefusedError(`${folder} is not an existing folder; create it first`);
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx', mode: 0o644 });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
