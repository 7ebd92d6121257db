/**
 * The corpus's pinned public repositories (bench/corpus/repositories.json): each one's owner/name,
 * commit, licence and why it was chosen. No file of theirs is committed here; each is materialised
 * at its commit from a local git mirror (`<mirror>/<owner>+<name>/repo`, a bare git directory such
 * as the `fetch` tool or `git clone --mirror` makes) into a folder of the run's own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const PinnedRepository = z.strictObject({
  /** `owner/name` on GitHub. */
  repo: z.string().regex(/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/),
  /** The full commit the evaluation reads. */
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  /** SPDX identifier of the repository's licence, or `none stated`. */
  licence: z.string().min(1),
  /** The shapes it brings (FluxInstance, SOPS, components, ...). */
  why: z.string().min(1),
});
export type PinnedRepository = z.infer<typeof PinnedRepository>;

const PinnedList = z.strictObject({ $comment: z.string().optional(), repositories: z.array(PinnedRepository).min(1) });

/** The entries of a pinned list; throws naming the file and the field on a bad one. */
export function readPinnedList(file: string): PinnedRepository[] {
  const parsed = PinnedList.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.repositories;
}

/** The name a repository goes by in the run and in its verdict file: `owner+name`. */
export const snapshotName = (entry: PinnedRepository): string => entry.repo.replace('/', '+');

/**
 * Writes the repository's tree at its pinned commit into `into/<owner>+<name>` (git archive, so
 * no `.git` and nothing the commit does not hold). Undefined, with the reason, when the mirror
 * lacks the repository or the commit.
 */
export function materialise(entry: PinnedRepository, mirror: string, into: string): { dir: string } | { missing: string } {
  const gitDir = join(mirror, snapshotName(entry), 'repo');
  if (!existsSync(gitDir)) return { missing: `no git mirror at ${gitDir} (fetch github:${entry.repo}, or pass --mirror DIR)` };
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
  try {
    git('cat-file', '-e', `${entry.commit}^{commit}`);
  } catch {
    return { missing: `${gitDir} does not hold commit ${entry.commit}` };
  }
  const dir = join(into, snapshotName(entry));
  mkdirSync(dir);
  const tar = join(into, `${snapshotName(entry)}.tar`);
  git('archive', '--format=tar', `--output=${tar}`, entry.commit);
  execFileSync('tar', ['-xf', tar, '-C', dir]);
  rmSync(tar);
  return { dir };
}
