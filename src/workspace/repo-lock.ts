import { createHash, randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Another run holds the repository. */
export class RepositoryLockedError extends Error {
  constructor(
    public readonly lockFile: string,
    holder: string,
  ) {
    super(`another platform-gitops run (${holder}) is changing this repository; wait for it to finish, or delete ${lockFile} if no run is active`);
    this.name = 'RepositoryLockedError';
  }
}

export interface RepoLockOptions {
  /** How long to wait for another run to finish, in milliseconds. @default 60000 */
  readonly waitMs?: number;
}

/** Releases the lock; calling it twice is harmless. */
export type ReleaseLock = () => void;

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/**
 * The lock file of a repository. It lives in the system's temp folder, keyed by the
 * repository's real path, so the repository's tree never shows it.
 */
export function lockFileFor(root: string): string {
  const key = createHash('sha256').update(realpathSync(root)).digest('hex').slice(0, 32);
  return join(tmpdir(), 'platform-gitops-locks', `${key}.lock`);
}

/**
 * Serializes runs on one repository, so two runs never read the same `.yo-rc.json` and each
 * write back their own version of it: the second waits for the first. The lock is a file created
 * exclusively, holding the holder's pid and host; one whose process is gone (a killed run), or
 * that this very process left behind (a run that failed), is taken over.
 */
export function acquireRepoLock(root: string, options: RepoLockOptions = {}): ReleaseLock {
  const file = lockFileFor(root);
  mkdirSync(join(tmpdir(), 'platform-gitops-locks'), { recursive: true });
  const me: Holder = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  for (;;) {
    if (tryCreate(file, `${JSON.stringify({ ...me, root: realpathSync(root), since: new Date().toISOString() })}\n`, me.token)) break;
    const holder = readHolder(file);
    if (holder === undefined || isStale(holder)) {
      removeStale(file, holder, me.token);
      continue;
    }
    if (Date.now() > deadline) throw new RepositoryLockedError(file, `pid ${holder.pid} on ${holder.host}`);
    sleep(25 + Math.floor(Math.random() * 50));
  }
  const release = () => {
    process.removeListener('exit', release);
    // Only our own lock: a stale-lock takeover may have replaced it.
    if (readHolder(file)?.token === me.token) rmSync(file, { force: true });
  };
  process.once('exit', release);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}

/** Creates the lock with its contents in one step (a hard link of a finished file), or false if it exists. */
function tryCreate(file: string, contents: string, token: string): boolean {
  const temp = `${file}.${token}.tmp`;
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, contents);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Takes a stale lock away without racing another run that takes it over at the same time: the
 * lock is moved aside first, and put back if what was moved is not the stale one that was read.
 */
function removeStale(file: string, stale: Holder | undefined, token: string): void {
  const aside = `${file}.${token}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else moved it: retry from the start
  }
  const moved = readHolder(aside);
  if (stale !== undefined && moved?.token !== stale.token) {
    try {
      linkSync(aside, file);
    } catch {
      // a third run created a lock meanwhile; it holds the repository now
    }
  }
  rmSync(aside, { force: true });
}

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? (parsed as Holder) : undefined;
  } catch (error) {
    // Gone since (undefined, retry) or half-written by a run killed between create and write.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { pid: -1, host: '', token: '' } : undefined;
  }
}

/** A holder on this host whose process is gone, or this very process (a run that ended without releasing). */
function isStale(holder: Holder): boolean {
  if (holder.pid === -1) return false; // released meanwhile: just retry
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
