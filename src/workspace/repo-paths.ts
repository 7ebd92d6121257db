import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, join, posix, relative, sep } from 'node:path';

/** A path the tool will not read or write, because it leaves the repository. */
export class OutsideRepositoryError extends Error {
  constructor(
    public readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}; the tool reads and writes only inside the repository (as Flux and kustomize resolve paths inside the source root)`);
    this.name = 'OutsideRepositoryError';
  }
}

/** Whether `target` is `root` or below it (both absolute, real paths). */
export function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The real path to write `path` (relative to `root`) at. The rule: a link inside the repository
 * is followed (the link stays, its target is written); a link (of the file or of any folder on
 * the way) that leaves the repository is refused, naming the path; so are absolute paths and `..`.
 */
export function resolveInside(root: string, path: string): string {
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    throw new OutsideRepositoryError(path, 'is not a path inside the repository');
  }
  const realRoot = realpathSync(root);
  let current = realRoot;
  const parts = posix
    .normalize(path.split(sep).join('/'))
    .split('/')
    .filter((part) => part !== '' && part !== '.');
  for (const [index, part] of parts.entries()) {
    const next = join(current, part);
    if (!existsSync(next) && !isDanglingLink(next)) return join(next, ...parts.slice(index + 1));
    if (lstatSync(next).isSymbolicLink()) {
      const walked = parts.slice(0, index + 1).join('/');
      if (isDanglingLink(next)) throw new OutsideRepositoryError(walked, 'is a link to nothing (dangling or looping); remove it or point it at a file inside the repository');
      const target = realpathSync(next);
      if (!isInside(realRoot, target)) throw new OutsideRepositoryError(walked, `is a link to ${target}, outside the repository`);
      current = target;
    } else {
      current = next;
    }
  }
  return current;
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && !existsSync(path);
  } catch {
    return false;
  }
}
