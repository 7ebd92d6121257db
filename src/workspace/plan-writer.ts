import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlannedFile } from '../render/index.js';

/** What happens to one planned file. */
export type WriteStatus = 'create' | 'update' | 'identical' | 'force' | 'keep';

/** Decides about an owned file a person edited: true overwrites it, false keeps theirs. */
export type ConflictResolver = (file: PlannedFile, diskContents: string) => Promise<boolean>;

export interface PlanWriterOptions {
  /** Destination directory. */
  readonly root: string;
  /**
   * Owned files as the previous answers render them. An owned file on disk that matches its
   * previous rendering was not edited by hand and is updated without asking.
   * @default none: every differing owned file counts as edited by hand
   */
  readonly previous?: ReadonlyMap<string, string>;
  /** Overwrite hand-edited owned files without asking. @default false */
  readonly force?: boolean;
  /** Asks about hand-edited owned files; without one, such files stop the run. @default none */
  readonly resolveConflict?: ConflictResolver;
}

export interface PlanWriteResult {
  readonly statuses: ReadonlyArray<{ readonly path: string; readonly status: WriteStatus }>;
}

/** Hand-edited generator-owned files that a non-interactive run will not overwrite. */
export class ConflictError extends Error {
  constructor(public readonly files: readonly string[]) {
    super(
      `${files.length} file${files.length === 1 ? '' : 's'} the generator owns ${files.length === 1 ? 'was' : 'were'} edited by hand and differ${files.length === 1 ? 's' : ''} from what it would write; nothing was written:\n` +
        files.map((file) => `  - ${file}`).join('\n') +
        '\n  fix: run interactively to see the diff and choose per file, pass --force to overwrite, or move your change into the answers',
    );
    this.name = 'ConflictError';
  }
}

/**
 * Writes a plan: decides every file first (merged and created files are safe; owned files
 * edited by hand need `force` or the resolver), then writes all changed files to temporary
 * files and renames them into place, so a failed or killed run leaves no half-written file.
 */
export async function writePlan(files: readonly PlannedFile[], options: PlanWriterOptions): Promise<PlanWriteResult> {
  const statuses: Array<{ path: string; status: WriteStatus }> = [];
  const conflicts: Array<{ file: PlannedFile; disk: string }> = [];
  for (const file of files) {
    const target = join(options.root, file.path);
    const disk = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (disk === undefined) statuses.push({ path: file.path, status: 'create' });
    else if (disk === file.contents) statuses.push({ path: file.path, status: 'identical' });
    else if (file.role !== 'owned' || options.previous?.get(file.path) === disk) statuses.push({ path: file.path, status: 'update' });
    else if (options.force) statuses.push({ path: file.path, status: 'force' });
    else {
      statuses.push({ path: file.path, status: 'keep' });
      conflicts.push({ file, disk });
    }
  }
  if (conflicts.length > 0) {
    if (!options.resolveConflict) throw new ConflictError(conflicts.map(({ file }) => file.path));
    for (const { file, disk } of conflicts) {
      if (await options.resolveConflict(file, disk)) {
        statuses.find((entry) => entry.path === file.path)!.status = 'force';
      }
    }
  }
  const changed = files.filter((file) => {
    const status = statuses.find((entry) => entry.path === file.path)!.status;
    return status === 'create' || status === 'update' || status === 'force';
  });
  commitAtomically(options.root, changed);
  return { statuses };
}

/** Temp files first, renames after: the window in which a crash leaves a mix is the renames alone. */
function commitAtomically(root: string, files: readonly PlannedFile[]): void {
  const staged: Array<{ temp: string; target: string }> = [];
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    for (const file of files) {
      const target = join(root, file.path);
      mkdirSync(dirname(target), { recursive: true });
      const temp = `${target}${suffix}`;
      writeFileSync(temp, file.contents, { flag: 'wx' });
      staged.push({ temp, target });
    }
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw error;
  }
  for (const { temp, target } of staged) renameSync(temp, target);
}
