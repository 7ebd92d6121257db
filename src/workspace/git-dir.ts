import { lstatSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** A `.git` file (worktree, submodule) is one line; anything longer is not one. */
const MAX_GIT_FILE_BYTES = 4096;

/**
 * The git dir of the repository holding `root`, found by looking for `.git` upward from it,
 * without running git (a repository's own git config could make git run a program): a `.git`
 * folder, or the folder a `.git` file's `gitdir:` line names (worktrees, submodules).
 * @returns undefined where there is none
 */
export function gitDirOf(root: string): string | undefined {
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const found = gitDirAt(dotGit);
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

function gitDirAt(dotGit: string): string | undefined {
  let stat;
  try {
    stat = lstatSync(dotGit);
  } catch {
    return undefined;
  }
  if (stat.isDirectory()) return dotGit;
  if (!stat.isFile() || stat.size > MAX_GIT_FILE_BYTES) return undefined;
  const line = /^gitdir: *(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
  if (!line) return undefined;
  const target = isAbsolute(line) ? line : resolve(dirname(dotGit), line);
  try {
    return statSync(target).isDirectory() ? target : undefined;
  } catch {
    return undefined;
  }
}
