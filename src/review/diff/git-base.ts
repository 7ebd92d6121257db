import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { findProgram, ProgramError, runProgram } from '../private/trusted-program.js';

/** The base cannot be resolved: not a git repository, or a ref that names no commit. */
export class GitBaseError extends Error {}

/** The base diff compares with and how it was chosen (printed so a reader knows what "before" is). */
export interface BaseRef {
  readonly commit: string;
  /** What was asked for, with the short commit id: `HEAD (1a2b3c4)`, `merge base with main (1a2b3c4)`. */
  readonly label: string;
}

/**
 * A git repository found by looking for `.git` ourselves: git is never left to discover one from
 * the working folder, where a pull request committing HEAD, config, objects and refs would be
 * taken for a repository (and its core.fsmonitor run).
 */
export interface GitCheckout {
  /** The folder diff was asked about (real path). */
  readonly repo: string;
  /** The work tree holding it. */
  readonly top: string;
  readonly gitDir: string;
  /** `repo` relative to `top`, `/`-separated, with a trailing `/` (empty at the top). */
  readonly prefix: string;
  /** git, from a PATH without the repository's folders. */
  readonly program: string;
}

/** Longest excerpt of user input a message repeats. */
const EXCERPT = 60;
const excerpt = (text: string) => JSON.stringify(text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text);

// Every invocation: no hooks, fsmonitor, external diff or pager, whatever the repository's config says.
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'diff.external=', '-c', 'core.pager=cat', '-c', 'core.untrackedCache=false'];

/** Finds the repository holding `repo` by its `.git` (a folder, or a file naming one for worktrees). */
export function openCheckout(repo: string): GitCheckout {
  let real: string;
  try {
    real = realpathSync(repo);
  } catch {
    throw new GitBaseError(`${excerpt(repo)} does not exist`);
  }
  for (let dir = real; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const gitDir = gitDirOf(dotGit);
    if (gitDir !== undefined) {
      let program: string;
      try {
        program = findProgram('git', [dir, real]);
      } catch (error) {
        throw new GitBaseError(error instanceof ProgramError ? error.message : String(error));
      }
      const rel = relative(dir, real).split(sep).join('/');
      return { repo: real, top: dir, gitDir, prefix: rel === '' ? '' : `${rel}/`, program };
    }
    if (dirname(dir) === dir) throw new GitBaseError(`${excerpt(repo)} is not inside a git repository`);
  }
}

function gitDirOf(dotGit: string): string | undefined {
  try {
    const stat = lstatSync(dotGit);
    if (stat.isDirectory()) return dotGit;
    if (!stat.isFile() || stat.size > 4096) return undefined;
    const target = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    if (target === undefined) return undefined;
    const dir = isAbsolute(target) ? target : resolve(dirname(dotGit), target);
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** git with the repository named explicitly, config hardened, environment cleaned; stdout as bytes. */
function gitBytes(checkout: GitCheckout, args: readonly string[], input?: string): Buffer {
  return runProgram(checkout.program, ['--git-dir', checkout.gitDir, '--work-tree', checkout.top, ...SAFE_CONFIG, ...args], {
    untrusted: [checkout.top, checkout.repo],
    cwd: checkout.top,
    ...(input !== undefined ? { input } : {}),
  });
}

const git = (checkout: GitCheckout, args: readonly string[]): string => gitBytes(checkout, args).toString('utf8').trim();

const tryGit = (checkout: GitCheckout, args: readonly string[]): string | undefined => {
  try {
    return git(checkout, args);
  } catch {
    return undefined;
  }
};

const commitOf = (checkout: GitCheckout, rev: string): string | undefined => tryGit(checkout, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]) || undefined;

// What a ref or revision expression (main, origin/main, v1.2, HEAD~2, 1a2b3c4, main@{1}) is made of.
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/@{}~^+-]*$/;

/**
 * `ref` as a commit; without one, the merge base with the default branch when on another branch
 * (what a PR would change), else HEAD (the uncommitted work).
 */
export function resolveBase(checkout: GitCheckout, ref?: string): BaseRef {
  if (ref !== undefined) {
    // A ref name git would refuse, or anything beyond revision syntax, is never passed on.
    const plainName = !/[~^@{}]/.test(ref);
    if (ref.length > 256 || !REVISION.test(ref) || (plainName && tryGit(checkout, ['check-ref-format', '--allow-onelevel', ref]) === undefined)) {
      throw new GitBaseError(`--base ${excerpt(ref)} is not a valid git ref; give a branch, tag or commit id`);
    }
    const commit = commitOf(checkout, ref);
    if (!commit) throw new GitBaseError(`--base ${excerpt(ref)} is not a commit of this repository`);
    return { commit, label: commit.startsWith(ref) ? commit.slice(0, 7) : `${ref} (${commit.slice(0, 7)})` };
  }
  const head = commitOf(checkout, 'HEAD');
  if (!head) throw new GitBaseError('the repository has no commit yet: nothing to diff against');
  const branch = tryGit(checkout, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const defaultBranch = defaultBranchOf(checkout);
  if (branch === undefined || defaultBranch === undefined || defaultBranch.endsWith(`/${branch}`) || defaultBranch === branch) {
    return { commit: head, label: `HEAD (${head.slice(0, 7)})` };
  }
  const mergeBase = tryGit(checkout, ['merge-base', '--end-of-options', 'HEAD', defaultBranch]);
  return mergeBase ? { commit: mergeBase, label: `merge base with ${defaultBranch} (${mergeBase.slice(0, 7)})` } : { commit: head, label: `HEAD (${head.slice(0, 7)})` };
}

function defaultBranchOf(checkout: GitCheckout): string | undefined {
  const remote = tryGit(checkout, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (remote && REVISION.test(remote)) return remote;
  return ['main', 'master'].find((name) => commitOf(checkout, `refs/heads/${name}`) !== undefined);
}

interface TreeEntry {
  readonly mode: string;
  readonly id: string;
  /** Relative to the repository folder. */
  readonly path: string;
}

/** The base commit's files below the repository folder; none when the folder did not exist then. */
function baseTree(checkout: GitCheckout, commit: string): TreeEntry[] {
  const tree = `${commit}:${checkout.prefix}`;
  if (tryGit(checkout, ['cat-file', '-e', '--end-of-options', tree]) === undefined) return [];
  const out = gitBytes(checkout, ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', tree]).toString('utf8');
  return out
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, , id] = line.slice(0, tab).split(' ') as [string, string, string];
      return { mode, id, path: line.slice(tab + 1) };
    });
}

/** A path git may hold but we never write: absolute, `..`, or a `.git` component. */
const unsafePath = (path: string) => path.split('/').some((part) => part === '' || part === '.' || part === '..' || part.toLowerCase() === '.git');

/**
 * Files (relative to the repository folder) that differ between the base commit and the working
 * tree, untracked ones included. Compared by blob id, hashed here: git never reads the working
 * tree, so no filter, textconv or fsmonitor the repository names can run.
 */
export function changedFiles(checkout: GitCheckout, commit: string): string[] {
  const base = new Map(baseTree(checkout, commit).map((e) => [e.path, e.id]));
  const algorithm = [...base.values()][0]?.length === 64 ? 'sha256' : 'sha1';
  const blobId = (content: Buffer) => createHash(algorithm).update(`blob ${content.length}\0`).update(content).digest('hex');
  const changed = new Set<string>();
  const seen = new Set<string>();
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const path = `${rel}${entry.name}`;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full, `${path}/`);
      else if (entry.isFile() || entry.isSymbolicLink()) {
        seen.add(path);
        const content = readForHash(full, entry.isFile());
        // A file this user cannot read counts as changed: the renders that read it name it.
        if (content === undefined || base.get(path) !== blobId(content)) changed.add(path);
      }
    }
  };
  walk(checkout.repo, '');
  for (const path of base.keys()) if (!seen.has(path) && !path.split('/').includes('node_modules')) changed.add(path);
  return [...changed].sort();
}

/** A work-tree file's bytes (a link's target text), or undefined when this user may not read it. */
function readForHash(full: string, isFile: boolean): Buffer | undefined {
  try {
    return isFile ? readFileSync(full) : Buffer.from(readlinkSync(full));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EACCES') return undefined;
    throw error;
  }
}

/** Temp folders this process made and still owns, removed on exit, SIGINT and SIGTERM. */
const owned = new Set<string>();
const removeOwned = () => {
  for (const dir of owned) rmSync(dir, { recursive: true, force: true });
  owned.clear();
};
const onSignal = (signal: NodeJS.Signals) => {
  removeOwned();
  detach();
  // Die of the signal, as without a handler, so the caller sees the usual status.
  process.kill(process.pid, signal);
};
const detach = () => {
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  process.removeListener('exit', removeOwned);
};

/** The base commit's copy of the repository folder, in a temp folder of its own; `dispose` removes it. */
export interface BaseTree {
  /** The copy, named as the repository folder (cluster names taken from folder names stay the same). */
  readonly dir: string;
  dispose(): void;
  /** Writes the base's files `select` picks that are not written yet; returns how many. */
  addFiles(select: (path: string) => boolean): number;
}

/**
 * Writes the base commit's files (from the object store: no checkout, no filters, the
 * repository's index and worktrees untouched) into a folder this run creates under `tempRoot`:
 * all of them, or those `wanted` selects (more can be added later with `addFiles`).
 */
export function checkoutBase(checkout: GitCheckout, commit: string, tempRoot = tmpdir(), wanted: (path: string) => boolean = () => true): BaseTree {
  const holder = mkdtempSync(join(tempRoot, 'platform-gitops-diff-'));
  if (owned.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', removeOwned);
  }
  owned.add(holder);
  const dispose = () => {
    rmSync(holder, { recursive: true, force: true });
    owned.delete(holder);
    if (owned.size === 0) detach();
  };
  try {
    const dir = join(holder, basename(checkout.repo));
    mkdirSync(dir);
    const entries = baseTree(checkout, commit).filter((e) => !unsafePath(e.path) && (e.mode === '100644' || e.mode === '100755' || e.mode === '120000'));
    const written = new Set<string>();
    const addFiles = (select: (path: string) => boolean) => {
      const chosen = entries.filter((e) => !written.has(e.path) && select(e.path));
      const blobs = readBlobs(
        checkout,
        chosen.map((e) => e.id),
      );
      for (const entry of chosen) {
        written.add(entry.path);
        const target = join(dir, ...entry.path.split('/'));
        mkdirSync(dirname(target), { recursive: true });
        const content = blobs.get(entry.id)!;
        if (entry.mode === '120000') symlinkSync(content.toString('utf8'), target);
        else writeFileSync(target, content, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
      }
      return chosen.length;
    };
    addFiles(wanted);
    return { dir, dispose, addFiles };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** Blob contents by id, in one `cat-file --batch` (raw: no filters, no textconv). */
function readBlobs(checkout: GitCheckout, ids: readonly string[]): Map<string, Buffer> {
  const unique = [...new Set(ids)];
  const blobs = new Map<string, Buffer>();
  if (unique.length === 0) return blobs;
  const out = gitBytes(checkout, ['cat-file', '--batch'], `${unique.join('\n')}\n`);
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(10, at);
    const [id, type, size] = out.subarray(at, eol).toString('utf8').split(' ') as [string, string, string];
    if (type === 'missing' || size === undefined) throw new GitBaseError(`the base commit lacks object ${id.slice(0, 12)}`);
    const start = eol + 1;
    blobs.set(id, out.subarray(start, start + Number(size)));
    at = start + Number(size) + 1;
  }
  return blobs;
}
