import { join } from 'node:path';
import type { DirEntry, TreeReader } from '../../render/index.js';
import { listDirectory } from '../../workspace/index.js';

/** The subset of mem-fs-editor the reader needs. */
interface MemFsLike {
  exists(path: string): boolean;
  read(path: string, options?: { defaults?: string | null }): string | null;
}

/**
 * Reads the destination through Yeoman's in-memory file system, so files queued earlier in
 * the same run are seen as they will be written. Listings come from disk.
 */
export class MemFsTreeReader implements TreeReader {
  constructor(
    private readonly fs: MemFsLike,
    private readonly root: string,
  ) {}

  read(path: string): string | undefined {
    const file = join(this.root, path);
    if (!this.fs.exists(file)) return undefined;
    return this.fs.read(file, { defaults: null }) ?? undefined;
  }

  list(dir: string): DirEntry[] {
    return listDirectory(join(this.root, dir));
  }
}
