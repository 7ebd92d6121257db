import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DirEntry, TreeReader } from '../render/index.js';

/** Entries of a directory on disk, sorted by name; empty when it does not exist. */
export function listDirectory(dir: string): DirEntry[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => ({ name: entry.name, isDirectory: entry.isDirectory() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Reads the destination from disk. */
export class DiskTreeReader implements TreeReader {
  constructor(private readonly root: string) {}

  read(path: string): string | undefined {
    const file = join(this.root, path);
    return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
  }

  list(dir: string): DirEntry[] {
    return listDirectory(join(this.root, dir));
  }
}
