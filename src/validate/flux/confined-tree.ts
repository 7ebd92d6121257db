import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
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

/** A file that must not be read: not a regular file, too large, or a symlink out of the repository. */
export interface FileProblem {
  readonly code: 'file-not-regular' | 'file-too-large' | 'path-outside-source';
  readonly path: string;
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
    return stat.size > MAX_FILE_BYTES ? { code: 'file-too-large', path } : undefined;
  }
  if (!entry.isFile()) return { code: 'file-not-regular', path };
  return lstatSync(path).size > MAX_FILE_BYTES ? { code: 'file-too-large', path } : undefined;
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
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const problem = problemOf(repo, path, entry);
    if (problem === 'skip') continue;
    if (problem) {
      if (isYaml(entry.name) || problem.code === 'path-outside-source') problems.push(problem);
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
};

/** Findings for skipped files. */
export function problemFindings(repo: string, cluster: string, problems: readonly FileProblem[]): Finding[] {
  return problems.map(({ code, path }) => {
    const [what, fix] = PROBLEM_TEXT[code];
    return { code, severity: 'error', cluster, file: repoPath(repo, path), message: `${repoPath(repo, path)} ${what}`, fix };
  });
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
      for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
        if (doc.errors.length > 0) {
          findings.push({ code: 'yaml-invalid', severity: 'error', cluster, file, message: `not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, fix: 'repair the file' });
          break;
        }
        const object = doc.toJS();
        if (object && typeof object === 'object' && object.kind) out.push({ object, file });
      }
    },
    problems,
  );
  findings.push(...problemFindings(repo, cluster, problems));
  return out;
}
