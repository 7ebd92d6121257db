import { join } from 'node:path';
import { gitDirOf } from './git-dir.js';

/** Where a repository's run state lives: the lock folder, its holder record and the write journal. */
export interface RunStatePaths {
  /** proper-lockfile's lock folder. */
  readonly lock: string;
  /** Who holds the lock, since when. */
  readonly holder: string;
  /** The temp files the current run creates (see plan-writer.ts). */
  readonly journal: string;
}

/**
 * The repository's run state: inside its git dir (`.git`, found upward from `root` without
 * running git) where there is one, so the work tree never shows it; else beside `.yo-rc.json`.
 * Never in a shared temp folder: every user who can write the repository can take its lock.
 */
export function runStatePaths(root: string): RunStatePaths {
  const gitDir = gitDirOf(root);
  const base = gitDir ? join(gitDir, 'platform-gitops') : join(root, '.yo-rc.json');
  return { lock: `${base}.lock`, holder: `${base}.lock-holder.json`, journal: `${base}.journal` };
}
