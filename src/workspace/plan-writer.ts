import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlannedFile } from '../kit/index.js';
import { syncDirectory, tempPathFor, writeFlushed } from './atomic-write.js';
import { readResolvedFile } from './repo-files.js';
import { resolveInside } from './repo-paths.js';
import { runStatePaths } from './run-state.js';
import { removeJournal, writeJournal } from './temp-files.js';

/** What happens to one planned file (`delete`: a removed file goes, hand-edited only when forced). */
export type WriteStatus = 'create' | 'update' | 'identical' | 'force' | 'keep' | 'delete';

/** Decides about an owned file a person edited: true overwrites (or, removed, deletes) it, false keeps theirs. */
export type ConflictResolver = (file: PlannedFile, diskContents: string) => Promise<boolean>;

/**
 * What to do with an owned file that was edited by hand: `stop` the run (nothing written),
 * `force` it over, or `keep` the person's file and write the rest.
 */
export type ConflictPolicy = 'stop' | 'force' | 'keep';

export interface PlanWriterOptions {
  /** Destination directory. */
  readonly root: string;
  /**
   * Owned files as the previous answers render them. An owned file on disk that matches its
   * previous rendering was not edited by hand and is updated without asking.
   * @default none: every differing owned file counts as edited by hand
   */
  readonly previous?: ReadonlyMap<string, string>;
  /** Overwrite hand-edited owned files without asking (the same as policy `force`). @default false */
  readonly force?: boolean;
  /** What to do with hand-edited owned files when there is no resolver. @default 'stop' */
  readonly policy?: ConflictPolicy;
  /** Asks about hand-edited owned files (the interactive policy). @default none */
  readonly resolveConflict?: ConflictResolver;
  /** Decide everything, write nothing: the result's `changes` say what would change. @default false */
  readonly dryRun?: boolean;
}

/** A file whose bytes a run changes (or, dry, would change). */
export interface FileChange {
  readonly path: string;
  /** The bytes on disk before; undefined for a new file. */
  readonly before: string | undefined;
  /** The bytes after; undefined for a deleted file. */
  readonly after: string | undefined;
}

export interface PlanWriteResult {
  readonly statuses: ReadonlyArray<{ readonly path: string; readonly status: WriteStatus }>;
  readonly changes: readonly FileChange[];
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

/** A file the writer could not write: named, with why and whether anything changed. */
export class PlanWriteError extends Error {
  constructor(
    public readonly path: string,
    cause: NodeJS.ErrnoException,
    nothingChanged = true,
  ) {
    super(
      `${path}: cannot be written (${cause.code ?? 'error'}: ${describe(cause)}); ${nothingChanged ? 'nothing was changed' : 'the files before it in the plan were written'}, and no temporary file is left\n` +
        `  fix: ${cause.code === 'ENOSPC' || cause.code === 'EDQUOT' ? 'free some space on that disk' : cause.code === 'EACCES' || cause.code === 'EPERM' || cause.code === 'EROFS' ? 'make it writable' : 'repair that path'}, then run again`,
    );
    this.name = 'PlanWriteError';
  }
}

/** The system's words without the path (the message names the repository path instead). */
function describe(error: NodeJS.ErrnoException): string {
  const text = error.message.replace(/^[A-Z]+: /, '');
  const comma = text.indexOf(', ');
  return comma > 0 ? text.slice(0, comma) : text;
}

/** A folder where the plan has a file: named before anything is written. */
export class DirectoryInPlaceError extends Error {
  constructor(public readonly path: string) {
    super(`${path}: is a directory where the plan writes a file; nothing was changed\n  fix: move or rename that directory (the generator writes a file there), then run again`);
    this.name = 'DirectoryInPlaceError';
  }
}

/** One planned file, decided against the disk. */
interface Decision {
  readonly file: PlannedFile;
  /** Real path to write (links inside the repository followed). */
  readonly target: string;
  /** The contents as they will be written: the file's own line endings kept. */
  readonly contents: string;
  readonly disk: string | undefined;
  status: WriteStatus;
}

/**
 * The one write path of every front door (generators, CLI, projen component, library): decides
 * every file first, then writes all changed files to temporary files and renames them into
 * place, so a failed or killed run leaves no half-written file; removed files go just before the renames.
 * A hand-edited owned file goes to the resolver (interactive) or the policy.
 */
export async function writePlan(files: readonly PlannedFile[], options: PlanWriterOptions): Promise<PlanWriteResult> {
  const decisions = decide(files, options);
  const conflicts = decisions.filter((d) => d.status === 'keep');
  if (conflicts.length > 0 && options.resolveConflict) {
    for (const decision of conflicts) {
      if (await options.resolveConflict(decision.file, decision.disk!)) decision.status = overridden(decision.file);
    }
  } else {
    applyPolicy(conflicts, options);
  }
  return commit(decisions, options.root, options.dryRun);
}

/** {@link writePlan} without a resolver, for callers that cannot wait (projen's synth). */
export function writePlanSync(files: readonly PlannedFile[], options: Omit<PlanWriterOptions, 'resolveConflict'>): PlanWriteResult {
  const decisions = decide(files, options);
  applyPolicy(
    decisions.filter((d) => d.status === 'keep'),
    options,
  );
  return commit(decisions, options.root, options.dryRun);
}

function applyPolicy(conflicts: Decision[], options: Omit<PlanWriterOptions, 'resolveConflict'>): void {
  if (conflicts.length === 0) return;
  const policy = options.force ? 'force' : (options.policy ?? 'stop');
  if (policy === 'stop') throw new ConflictError(conflicts.map((d) => d.file.path));
  if (policy === 'force') for (const decision of conflicts) decision.status = overridden(decision.file);
}

function decide(files: readonly PlannedFile[], options: Omit<PlanWriterOptions, 'resolveConflict'>): Decision[] {
  return files.map((file) => {
    const target = resolveInside(options.root, file.path);
    if (existsSync(target) && statSync(target).isDirectory()) throw new DirectoryInPlaceError(file.path);
    const disk = readResolvedFile(target, file.path);
    const contents = disk !== undefined && usesCrlf(disk) ? toCrlf(file.contents) : file.contents;
    let status: WriteStatus;
    if (file.role === 'removed') {
      // Only the file as we wrote it goes; a hand-edited one is the person's unless forced.
      status = disk === undefined ? 'identical' : sameText(options.previous?.get(file.path), disk) ? 'delete' : options.force ? overridden(file) : 'keep';
      return { file, target, contents: '', disk, status };
    }
    if (disk === undefined) status = 'create';
    else if (disk === contents) status = 'identical';
    else if (file.role === 'created')
      status = 'identical'; // written once, then the person's
    else if (file.role !== 'owned' || sameText(options.previous?.get(file.path), disk)) status = 'update';
    else status = options.force ? overridden(file) : 'keep';
    return { file, target, contents, disk, status };
  });
}

/** Temp files first, renames after: the window in which a crash leaves a mix is the renames alone. */
function commit(decisions: readonly Decision[], root: string, dryRun = false): PlanWriteResult {
  const deleted = decisions.filter((d) => d.status === 'delete');
  const changed = decisions.filter((d) => d.status === 'create' || d.status === 'update' || d.status === 'force');
  const result = {
    statuses: decisions.map((d) => ({ path: d.file.path, status: d.status })),
    changes: [...changed.map((d) => ({ path: d.file.path, before: d.disk, after: d.contents })), ...deleted.map((d) => ({ path: d.file.path, before: d.disk, after: undefined }))],
  };
  if (dryRun) return result;
  // Checked again, as for writes: a folder could have become a link out of the repository since decide().
  const removed = deleted.map((d) => resolveInside(root, d.file.path));
  const staged = changed.map((decision) => {
    // Checked again at write time: a folder could have become a link since decide().
    const target = resolveInside(root, decision.file.path);
    return { decision, target, temp: tempPathFor(target) };
  });
  // Every temp file is journaled before it exists: a killed run's are removed by the next run,
  // by name from the journal, never by a pattern that a person's file could match.
  if (staged.length > 0) {
    try {
      writeJournal(
        root,
        staged.map(({ temp }) => temp),
      );
    } catch (error) {
      removeJournal(root);
      throw new PlanWriteError(runStatePaths(root).journal, error as NodeJS.ErrnoException);
    }
  }
  const madeDirs: string[] = [];
  const unstage = () => {
    for (const { temp } of staged) rmSync(temp, { force: true });
    removeJournal(root);
  };
  const undoDirs = () => {
    // Folders this run created for files it then could not write: left empty, they go too.
    for (const dir of madeDirs.reverse()) removeEmptyTree(dir);
  };
  for (const { decision, target, temp } of staged) {
    try {
      const made = mkdirSync(dirname(target), { recursive: true });
      if (made !== undefined) madeDirs.push(made);
      // A rewritten file keeps its permission bits (a read-only 444 or a private 600 stays so).
      const mode = existsSync(target) ? statSync(target).mode & 0o7777 : 0o644;
      writeFlushed(temp, decision.contents, 0o600);
      chmodSync(temp, mode);
    } catch (error) {
      unstage();
      undoDirs();
      throw new PlanWriteError(decision.file.path, error as NodeJS.ErrnoException);
    }
  }
  // Deletions before renames: the answers (.yo-rc.json, planned last) change last, so a run killed
  // in between is finished by running it again.
  try {
    for (const target of removed) rmSync(target, { force: true });
    for (const { decision, target, temp } of staged) {
      try {
        renameSync(temp, target);
      } catch (error) {
        throw new PlanWriteError(decision.file.path, error as NodeJS.ErrnoException, false);
      }
    }
  } finally {
    unstage();
  }
  for (const dir of new Set([...staged.map(({ target }) => target), ...removed].map((target) => dirname(target)))) syncDirectory(dir);
  return result;
}

/** Removes `dir` and the folders below it if they hold no file; a folder holding anything stays. */
function removeEmptyTree(dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) if (entry.isDirectory()) removeEmptyTree(join(dir, entry.name));
  try {
    rmdirSync(dir);
  } catch {
    // not empty: someone else's file is there
  }
}

/** What a hand-edited file becomes when the person's version loses: overwritten, or deleted if removed. */
function overridden(file: PlannedFile): WriteStatus {
  return file.role === 'removed' ? 'delete' : 'force';
}

/** A file whose lines mostly end in CRLF is written back with CRLF. */
function usesCrlf(text: string): boolean {
  const crlf = text.split('\r\n').length - 1;
  return crlf > 0 && crlf * 2 >= text.split('\n').length - 1;
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Compares a rendering with the disk, whatever line endings the disk file uses. */
function sameText(rendered: string | undefined, disk: string): boolean {
  return rendered !== undefined && (rendered === disk || toCrlf(rendered) === disk);
}
