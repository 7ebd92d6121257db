import { type Dirent, accessSync, constants, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Finding } from '../finding.js';
import type { RenderedObject } from '../objects/index.js';

/** kustomize-controller refuses bigger files; reading them offline only wastes memory. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Folders no GitOps tree is read from. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

/** True when `path` is `root` or below it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Repository-relative, `/`-separated path for findings. */
export function repoPath(repo: string, path: string): string {
  return relative(repo, path).split(sep).join('/') || '.';
}

/**
 * Resolves `path` below `root` the way a sandboxed reader must: rejects absolute paths and
 * `..` escapes, then follows symlinks and rejects a real path outside `root` (both real).
 * Returns the real directory, `outside`, or `missing`.
 */
export function resolveInside(root: string, path: string): string | 'outside' | 'missing' {
  if (isAbsolute(path)) return 'outside';
  const target = resolve(root, path);
  if (!isInside(root, target)) return 'outside';
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return 'missing';
  }
  return isInside(realpathSync(root), real) ? real : 'outside';
}

/**
 * A file that must not be read: not a regular file, too large, a symlink out of the repository,
 * not readable by this user, or a YAML alias bomb.
 */
export interface FileProblem {
  readonly code: 'file-not-regular' | 'file-too-large' | 'path-outside-source' | 'file-unreadable' | 'yaml-aliases-excessive';
  readonly path: string;
}

/** True when this user may read `path` (a checkout copied as another user, a chmod 000 file). */
function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** The problem an error thrown while reading or parsing `path` is, if it is one of ours. */
export function readProblem(path: string, error: unknown): FileProblem | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return { code: 'file-unreadable', path };
  // yaml's toJS: maxAliasCount stops a "billion laughs" document before it expands.
  if (error instanceof ReferenceError && /Excessive alias count/.test(error.message)) return { code: 'yaml-aliases-excessive', path };
  return undefined;
}

/** Why `path` (an entry of a directory being read) must be skipped, if it must. */
function problemOf(repo: string, path: string, entry: Dirent): FileProblem | 'skip' | undefined {
  if (entry.isDirectory()) return undefined;
  if (entry.isSymbolicLink()) {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return 'skip'; // dangling link: nothing to read, as kustomize
    }
    if (!isInside(realpathSync(repo), real)) return { code: 'path-outside-source', path };
    const stat = statSync(real);
    if (stat.isDirectory()) return undefined;
    if (!stat.isFile()) return { code: 'file-not-regular', path };
    if (stat.size > MAX_FILE_BYTES) return { code: 'file-too-large', path };
    return readable(real) ? undefined : { code: 'file-unreadable', path };
  }
  if (!entry.isFile()) return { code: 'file-not-regular', path };
  if (lstatSync(path).size > MAX_FILE_BYTES) return { code: 'file-too-large', path };
  return readable(path) ? undefined : { code: 'file-unreadable', path };
}

const isYaml = (name: string) => /\.ya?ml$/.test(name);

/**
 * Walks the YAML files below `dir` without reading any: FIFOs, devices and oversized files are
 * problems (a FIFO would block a read forever), symlinks are followed only inside the repository.
 */
export function scanTree(repo: string, dir: string, visit: (file: string) => void, problems: FileProblem[], seen = new Set<string>()): void {
  const real = realpathSync(dir);
  if (seen.has(real)) return; // a symlink loop
  seen.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const problem = readProblem(dir, error);
    if (!problem) throw error;
    problems.push(problem);
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const problem = problemOf(repo, path, entry);
    if (problem === 'skip') continue;
    if (problem) {
      if (isYaml(entry.name) || problem.code === 'path-outside-source' || problem.code === 'file-unreadable') problems.push(problem);
      continue;
    }
    if (entry.isDirectory() || (entry.isSymbolicLink() && statSync(path).isDirectory())) scanTree(repo, path, visit, problems, seen);
    else if (isYaml(entry.name)) visit(path);
  }
}

const PROBLEM_TEXT: Record<FileProblem['code'], [string, string]> = {
  'file-not-regular': ['is not a regular file (FIFO, socket or device); it was not read', 'replace it with a regular file, or remove it'],
  'file-too-large': [`is over ${MAX_FILE_BYTES / 1024 / 1024} MiB; kustomize-controller rejects it, so it was not read`, 'split the file, or keep generated bundles out of the GitOps tree'],
  'path-outside-source': ['is a symlink out of the repository; Flux cannot read it and neither does the validator', 'copy the file into the repository instead of linking to it'],
  'file-unreadable': ['cannot be read by the user running this check (permission denied); it was not read', 'make it readable (chmod a+r; a+rx for a folder), or remove it'],
  'yaml-aliases-excessive': [
    'is refused: its YAML aliases expand it out of proportion (an alias bomb, "Excessive alias count"); it was not read',
    'write the values out instead of through nested aliases',
  ],
};

/** Findings for skipped files (repository-wide without `cluster`). */
export function problemFindings(repo: string, cluster: string | undefined, problems: readonly FileProblem[]): Finding[] {
  return problems.map(({ code, path }) => {
    const [what, fix] = PROBLEM_TEXT[code];
    return { code, severity: 'error', ...(cluster !== undefined ? { cluster } : {}), file: repoPath(repo, path), message: `${repoPath(repo, path)} ${what}`, fix };
  });
}

/** The engine's fix for a file it refused, as a file found here is fixed. */
export function problemFix(code: string): string | undefined {
  return (PROBLEM_TEXT as Record<string, [string, string] | undefined>)[code]?.[1];
}

/** Every object in the YAML files below `dir` except kustomization files: what a cluster's own sync applies. */
export function readTreeObjects(repo: string, dir: string, cluster: string, findings: Finding[]): RenderedObject[] {
  const out: RenderedObject[] = [];
  const problems: FileProblem[] = [];
  scanTree(
    repo,
    dir,
    (path) => {
      if (/(^|\/)kustomization\.ya?ml$/.test(path.split(sep).join('/'))) return;
      const file = repoPath(repo, path);
      const objects: RenderedObject[] = [];
      try {
        for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
          if (doc.errors.length > 0) {
            findings.push({ code: 'yaml-invalid', severity: 'error', cluster, file, message: `not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, fix: 'repair the file' });
            break;
          }
          const object = doc.toJS();
          if (object && typeof object === 'object' && object.kind) objects.push({ object, file });
        }
      } catch (error) {
        const problem = readProblem(path, error);
        if (!problem) throw error;
        problems.push(problem);
        return;
      }
      out.push(...objects);
    },
    problems,
  );
  findings.push(...problemFindings(repo, cluster, problems));
  return out;
}
