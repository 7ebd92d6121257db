import { lstatSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { lockSync } from 'proper-lockfile';
import { type RunStatePaths, runStatePaths } from './run-state.js';
import { removeStaleTempFiles } from './temp-files.js';

/** Another run holds the repository, or the lock cannot be taken where it lives. */
export class RepositoryLockedError extends Error {
  constructor(
    public readonly lockFile: string,
    message: string,
  ) {
    super(message);
    this.name = 'RepositoryLockedError';
  }
}

export interface RepoLockOptions {
  /** How long to wait for another run to finish, in milliseconds. @default 60000 */
  readonly waitMs?: number;
}

/** Releases the lock; calling it twice is harmless. */
export type ReleaseLock = () => void;

/** Who holds a lock, written beside it (proper-lockfile's lock is an empty folder). */
interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly user: string;
  readonly since: string;
  /** The lock folder's inode: a record left by an older lock does not describe this one. */
  readonly lockIno: number;
}

/**
 * A lock whose folder is older than this is a dead holder's (proper-lockfile refreshes a live one's
 * mtime). Long, because a synchronous run blocks the refresh; a dead holder on this host is
 * recognised by its pid at once.
 */
const STALE_MS = 60_000;

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The locks this process holds, by lock folder. */
const heldHere = new Map<string, ReleaseLock>();

/** The lock of a repository (a folder while held). */
export function lockFileFor(root: string): string {
  return runStatePaths(root).lock;
}

/**
 * Serializes runs on one repository, so two runs never read the same `.yo-rc.json` and each
 * write back their own version of it: the second waits for the first. The lock is
 * proper-lockfile's (an atomic mkdir, refreshed while held, stale when its holder stopped
 * refreshing it); a holder on this host whose process is gone (a killed run) is taken over at once.
 */
export function acquireRepoLock(root: string, options: RepoLockOptions = {}): ReleaseLock {
  const paths = runStatePaths(root);
  refuseNonLock(paths.lock);
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  let release: () => void;
  for (;;) {
    try {
      release = lockSync(paths.lock.replace(/\.lock$/, ''), {
        lockfilePath: paths.lock,
        realpath: false,
        stale: STALE_MS,
        // A synchronous run that blocked the refresh past STALE_MS: the plan writer still renames
        // only files it decided under the lock; nothing to do but not crash.
        onCompromised: () => undefined,
      });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED') throw lockError(paths.lock, error as NodeJS.ErrnoException);
    }
    const leftover = heldHere.get(paths.lock);
    if (leftover) {
      // A run of this very process that ended without releasing (it failed before its end).
      leftover();
      continue;
    }
    const holder = readHolder(paths.holder);
    if (holder && isDead(holder) && holder.lockIno === inodeOf(paths.lock)) {
      // Backdated, the dead holder's lock is stale to proper-lockfile, which takes it over.
      try {
        utimesSync(paths.lock, new Date(0), new Date(0));
      } catch {
        // gone meanwhile: retry
      }
      continue;
    }
    if (Date.now() > deadline) {
      const who = holder && holder.lockIno === inodeOf(paths.lock) ? `pid ${holder.pid} of ${holder.user} on ${holder.host}, since ${holder.since}` : 'a run that has not said who it is';
      throw new RepositoryLockedError(
        paths.lock,
        `another platform-gitops run (${who}) is changing this repository (lock ${paths.lock}); wait for it to finish, or delete ${paths.lock} if no run is active`,
      );
    }
    sleep(25 + Math.floor(Math.random() * 50));
  }
  writeHolder(paths);
  let released = false;
  const unlock = () => {
    if (released) return;
    released = true;
    heldHere.delete(paths.lock);
    process.removeListener('exit', unlock);
    for (const signal of SIGNALS) process.removeListener(signal, interrupted);
    rmSync(paths.holder, { force: true });
    try {
      release();
    } catch {
      // compromised and taken over by another run: it is theirs now
    }
  };
  // Interrupted, a run removes the temp files it staged (its journal lists them) and the lock,
  // then dies of the signal as it would have. A synchronous write finishes first: Node runs the
  // listener once the event loop is free, so the renames are never cut in half.
  const interrupted = (signal: NodeJS.Signals) => {
    removeStaleTempFiles(root);
    unlock();
    process.kill(process.pid, signal);
  };
  heldHere.set(paths.lock, unlock);
  process.once('exit', unlock);
  for (const signal of SIGNALS) process.once(signal, interrupted);
  return unlock;
}

/** A file or link where the lock folder goes is not ours: named, never removed. */
function refuseNonLock(lock: string): void {
  let stat;
  try {
    stat = lstatSync(lock);
  } catch {
    return;
  }
  if (!stat.isDirectory()) {
    throw new RepositoryLockedError(lock, `${lock} is in the place of this repository's lock and is not one (a ${stat.isSymbolicLink() ? 'link' : 'file'}); move it away and run again`);
  }
}

function lockError(lock: string, error: NodeJS.ErrnoException): RepositoryLockedError {
  const fix = error.code === 'EACCES' || error.code === 'EPERM' ? 'run as a user who may write there (the repository owner)' : 'make that folder writable';
  return new RepositoryLockedError(lock, `cannot take this repository's lock ${lock} (${error.code ?? error.message}); ${fix}`);
}

/** Written through a rename, so a reader sees the whole record or the previous one. */
function writeHolder(paths: RunStatePaths): void {
  const holder: Holder = { pid: process.pid, host: hostname(), user: userName(), since: new Date().toISOString(), lockIno: inodeOf(paths.lock) ?? -1 };
  const temp = `${paths.holder}.${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(holder)}\n`, { mode: 0o644 });
  renameSync(temp, paths.holder);
}

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.lockIno === 'number' ? (parsed as Holder) : undefined;
  } catch {
    return undefined;
  }
}

/** A holder on this host whose process is gone. */
function isDead(holder: Holder): boolean {
  if (holder.host !== hostname() || holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function inodeOf(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
