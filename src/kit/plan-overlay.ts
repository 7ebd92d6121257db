import type { DirEntry, PlannedFile, TreeReader } from './planned-file.js';

/**
 * The tree as it will be once `files` are written: several apps planned in one run (a cluster
 * added for every service) merge into each other's output, not into the same old file.
 */
export class PlannedTreeReader implements TreeReader {
  private readonly planned = new Map<string, PlannedFile>();

  constructor(private readonly base: TreeReader) {}

  /** Takes `files` as written: later plans read them, and `files()` returns each path once. */
  add(files: readonly PlannedFile[]): void {
    for (const file of files) {
      const earlier = this.planned.get(file.path);
      // A file created only when missing stays so; any other role of the same path wins over it.
      this.planned.set(file.path, earlier && file.role === 'created' ? earlier : file);
    }
  }

  read(path: string): string | undefined {
    const file = this.planned.get(path);
    if (file === undefined) return this.base.read(path);
    return file.role === 'removed' ? undefined : file.contents;
  }

  list(dir: string): DirEntry[] {
    const entries = new Map(this.base.list(dir).map((entry) => [entry.name, entry]));
    const prefix = dir === '' ? '' : `${dir}/`;
    for (const path of this.planned.keys()) {
      if (!path.startsWith(prefix)) continue;
      const [name, ...rest] = path.slice(prefix.length).split('/');
      if (name && !entries.has(name)) entries.set(name, { name, isDirectory: rest.length > 0 });
    }
    return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every planned file, each path once, in the order first planned. */
  files(): PlannedFile[] {
    return [...this.planned.values()];
  }
}
