import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { BuildError } from './build-error.js';

/** kustomize-controller refuses larger files; so do we, before reading them. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Aliases per document before a file counts as an alias bomb (yaml's default, made explicit). */
const MAX_ALIAS_COUNT = 100;

/**
 * Resolves and reads paths the way Flux does: everything inside the repository root (after
 * following symlinks), regular files only, bounded in size. Errors name the kustomization
 * (`from`) that referenced the path.
 */
export class ConfinedFiles {
  private readonly root: string;

  constructor(private readonly repo: string) {
    this.root = realpathSync(repo);
  }

  rel(path: string): string {
    return relative(this.repo, path).split(sep).join('/');
  }

  /** The real path of `path` (relative to `dir`), checked to lie inside the repository. */
  resolve(dir: string, path: string, from: string): string {
    const target = resolve(dir, path);
    if (!existsSync(target)) throw new BuildError(`"${path}" does not exist`, this.rel(from), 'build-missing-resource');
    const real = realpathSync(target);
    if (real !== this.root && !real.startsWith(this.root + sep)) {
      throw new BuildError(`"${path}" resolves outside the repository (Flux confines builds to the source root)`, this.rel(from), 'path-outside-repo');
    }
    return real;
  }

  /** True for a directory; false for a regular file; an error for anything else (FIFO, device, socket). */
  isDirectory(real: string, path: string, from: string): boolean {
    const stat = statSync(real);
    if (stat.isDirectory()) return true;
    if (!stat.isFile()) throw new BuildError(`"${path}" is not a regular file`, this.rel(from), 'file-not-regular');
    return false;
  }

  /** The bytes of a regular file of at most MAX_FILE_BYTES, already resolved with `resolve`. */
  read(real: string, path: string, from: string): Buffer {
    if (this.isDirectory(real, path, from)) throw new BuildError(`"${path}" is a directory, not a file`, this.rel(from), 'file-not-regular');
    const size = statSync(real).size;
    if (size > MAX_FILE_BYTES) {
      throw new BuildError(`"${path}" is ${size} bytes, over the ${MAX_FILE_BYTES}-byte (8 MiB) limit`, this.rel(from), 'file-too-large');
    }
    return readFileSync(real);
  }

  /** The documents of a YAML file (nulls for empty documents); parse errors and alias bombs name the file. */
  readYaml(dir: string, path: string, from: string): unknown[] {
    const real = this.resolve(dir, path, from);
    const file = this.rel(resolve(dir, path));
    const docs = parseAllDocuments(this.read(real, path, from).toString('utf8'));
    return docs.map((doc) => {
      if (doc.errors.length > 0) throw new BuildError(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, file, 'yaml-invalid');
      try {
        return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        throw new BuildError(`not valid YAML: ${(error as Error).message}`, file, 'yaml-invalid');
      }
    });
  }
}
