/**
 * How a file relates to the generator:
 * - `owned`: the generator writes it whole; a hand edit is a conflict on the next run.
 * - `merged`: an existing file is edited in place (comments, order and other keys kept).
 * - `created`: written only when missing; never touched afterwards.
 * - `removed`: an owned file the answers no longer render (a cluster taken out): deleted when it
 *   is as the generator wrote it; a hand-edited one is a conflict, like an owned file's. `contents`
 *   is empty.
 */
export type FileRole = 'owned' | 'merged' | 'created' | 'removed';

export interface PlannedFile {
  /** Path relative to the destination, with forward slashes. */
  readonly path: string;
  readonly contents: string;
  readonly role: FileRole;
}

/** One entry of a directory listing. */
export interface DirEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

/** Read access to the destination, so plans can merge into what is already there. */
export interface TreeReader {
  /** File contents, or undefined when the file does not exist. */
  read(path: string): string | undefined;
  /** Entries of a directory, sorted by name; empty when it does not exist. */
  list(dir: string): DirEntry[];
}

/** Files to write and things the user should know that are not errors (e.g. a file left alone). */
export interface AppPlan {
  readonly files: PlannedFile[];
  readonly notes: string[];
}
