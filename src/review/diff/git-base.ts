import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const git = (cwd: string, args: string[], input?: Buffer): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'], ...(input ? { input } : {}) }).trim();

const tryGit = (cwd: string, args: string[]): string | undefined => {
  try {
    return git(cwd, args);
  } catch {
    return undefined;
  }
};

/** The base cannot be resolved: not a git repository, or a ref that names no commit. */
export class GitBaseError extends Error {}

/** The base diff compares with and how it was chosen (printed so a reader knows what "before" is). */
export interface BaseRef {
  readonly commit: string;
  /** What was asked for, with the short commit id: `HEAD (1a2b3c4)`, `merge base with main (1a2b3c4)`. */
  readonly label: string;
}

/**
 * `ref` as a commit; without one, the merge base with the default branch when on another branch
 * (what a PR would change), else HEAD (the uncommitted work).
 */
export function resolveBase(repo: string, ref?: string): BaseRef {
  if (tryGit(repo, ['rev-parse', '--show-toplevel']) === undefined) throw new GitBaseError(`${repo} is not inside a git repository`);
  if (ref !== undefined) {
    const commit = tryGit(repo, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (!commit) throw new GitBaseError(`--base ${ref} is not a commit of this repository`);
    return { commit, label: commit.startsWith(ref) ? commit.slice(0, 7) : `${ref} (${commit.slice(0, 7)})` };
  }
  const head = tryGit(repo, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head) throw new GitBaseError('the repository has no commit yet: nothing to diff against');
  const branch = tryGit(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const defaultBranch = defaultBranchOf(repo);
  if (branch === undefined || defaultBranch === undefined || defaultBranch.endsWith(`/${branch}`) || defaultBranch === branch) {
    return { commit: head, label: `HEAD (${head.slice(0, 7)})` };
  }
  const mergeBase = tryGit(repo, ['merge-base', 'HEAD', defaultBranch]);
  return mergeBase ? { commit: mergeBase, label: `merge base with ${defaultBranch} (${mergeBase.slice(0, 7)})` } : { commit: head, label: `HEAD (${head.slice(0, 7)})` };
}

function defaultBranchOf(repo: string): string | undefined {
  const remote = tryGit(repo, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (remote) return remote;
  return ['main', 'master'].find((name) => tryGit(repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${name}`]) !== undefined);
}

/** Files (relative to `repo`) that differ between the base commit and the working tree, untracked ones included. */
export function changedFiles(repo: string, commit: string): string[] {
  const tracked = git(repo, ['diff', '--name-only', '--no-renames', '--relative', commit, '--', '.']);
  const untracked = git(repo, ['ls-files', '--others', '--exclude-standard', '--', '.']);
  return [...new Set([...tracked.split('\n'), ...untracked.split('\n')].filter(Boolean))].sort();
}

/**
 * Runs `use` on the base commit's copy of `repo` (same subdirectory of the git tree), extracted
 * with `git archive` so the repository's worktrees and index are never touched; always removed.
 */
export async function withBaseTree<T>(repo: string, commit: string, use: (dir: string) => Promise<T>): Promise<T> {
  const prefix = git(repo, ['rev-parse', '--show-prefix']);
  // From the top: run inside a subdirectory, git archive would also filter by that subdirectory.
  const top = git(repo, ['rev-parse', '--show-toplevel']);
  const dir = mkdtempSync(join(tmpdir(), 'platform-gitops-diff-'));
  try {
    // A directory that did not exist at the base is an empty base: every cluster is added.
    if (tryGit(top, ['cat-file', '-e', `${commit}:${prefix}`]) !== undefined) {
      const tar = execFileSync('git', ['archive', '--format=tar', `${commit}:${prefix}`], { cwd: top, maxBuffer: 1 << 30 });
      execFileSync('tar', ['-x', '-C', dir], { input: tar });
    }
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
