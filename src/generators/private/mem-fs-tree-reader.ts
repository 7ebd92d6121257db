import { join } from 'node:path';
import type { DirEntry, TreeReader } from '../../render/index.js';
import { listRepoDirectory, readRepoFile } from '../../workspace/index.js';

/** The subset of mem-fs-editor the reader needs. */
interface MemFsLike {
  exists(path: string): boolean;
  read(path: string, options?: { defaults?: string | null }): string | null;
  readonly store: { existsInMemory(path: string): boolean };
}

/**
 * Reads the destination through Yeoman's in-memory file system, so files queued earlier in
 * the same run are seen as they will be written. The disk is read first with the repository's
 * rules (no link out of it, no FIFO, no huge file), since mem-fs would follow them; that read is
 * the answer unless this run already queued the file (written or deleted).
 */
export class MemFsTreeReader implements TreeReader {
  constructor(
    private readonly fs: MemFsLike,
    private readonly root: string,
  ) {}

  read(path: string): string | undefined {
    const onDisk = readRepoFile(this.root, path);
    const file = join(this.root, path);
    if (!this.fs.store.existsInMemory(file)) return onDisk;
    return this.fs.exists(file) ? (this.fs.read(file, { defaults: null }) ?? undefined) : undefined;
  }

  list(dir: string): DirEntry[] {
    return listRepoDirectory(this.root, dir);
  }
}
