import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolveInside } from './repo-paths.js';

/** The largest file the tool reads from a repository: manifests are kilobytes, not megabytes. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A file the tool refuses or fails to read: not a regular file, too large, or not readable by this user. */
export class UnreadableFileError extends Error {
  constructor(
    public readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'UnreadableFileError';
  }
}

/**
 * Reads `path` (relative to `root`) as text, or undefined when there is nothing there. Never
 * leaves the repository (see resolveInside), never blocks on a FIFO or device, never reads a
 * file over {@link MAX_FILE_BYTES}.
 */
export function readRepoFile(root: string, path: string): string | undefined {
  return readResolvedFile(resolveInside(root, path), path);
}

/** {@link readRepoFile} for a path already resolved inside the repository (`path` names it in errors). */
export function readResolvedFile(target: string, path: string): string | undefined {
  if (!existsSync(target)) return undefined;
  const stat = statSync(target);
  if (stat.isDirectory()) return undefined;
  if (!stat.isFile()) throw new UnreadableFileError(path, 'is not a regular file (a FIFO, socket or device); replace it with a file');
  if (stat.size > MAX_FILE_BYTES) {
    throw new UnreadableFileError(path, `is ${stat.size} bytes, over the ${MAX_FILE_BYTES}-byte limit for a manifest; split it or remove it`);
  }
  try {
    return readFileSync(target, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw error;
    throw new UnreadableFileError(path, 'cannot be read by the user running this (permission denied); make it readable (chmod a+r), or remove it');
  }
}
