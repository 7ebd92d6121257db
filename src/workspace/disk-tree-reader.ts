import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DirEntry, TreeReader } from '../kit/index.js';
import { UnreadableFileError, readRepoFile } from './repo-files.js';
import { resolveInside } from './repo-paths.js';
import { isTempFile } from './temp-files.js';

/** Entries of a directory on disk, sorted by name; empty when it does not exist. `shown` names it in errors. */
export function listDirectory(dir: string, shown = dir): DirEntry[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw error;
    throw new UnreadableFileError(shown, 'is a folder the user running this cannot list (permission denied); make it readable (chmod a+rx), or remove it');
  }
  return entries
    .filter((entry) => !isTempFile(entry.name)) // a killed run's leftovers are not content
    .map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() || (entry.isSymbolicLink() && linksToDirectory(join(dir, entry.name))) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A dangling or looping link is no folder: reading it (if ever) names it, listing never fails on it. */
function linksToDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Entries of a repository folder, never through a link that leaves the repository. */
export function listRepoDirectory(root: string, dir: string): DirEntry[] {
  return listDirectory(resolveInside(root, dir), dir);
}

/** Reads the destination from disk, inside the repository only. */
export class DiskTreeReader implements TreeReader {
  constructor(private readonly root: string) {}

  read(path: string): string | undefined {
    return readRepoFile(this.root, path);
  }

  list(dir: string): DirEntry[] {
    return listRepoDirectory(this.root, dir);
  }
}
