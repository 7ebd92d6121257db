import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { applyKustomization, setSourceFile, sourceFile, TRANSFORMER_FIELDS } from './transformers/index.js';

/** One object a build emitted, with the file it came from. */
export interface BuiltObject {
  readonly object: Record<string, any>;
  /** Repository-relative path of the source file (in-process builds only). */
  readonly file?: string;
}

export class BuildError extends Error {
  constructor(message: string, public readonly file: string, public readonly code = 'build-failed') {
    super(message);
  }
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Fields of a kustomization the in-process builder implements; anything else is an error, not a skip. */
const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'resources', ...TRANSFORMER_FIELDS]);

function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((name) => join(dir, name)).find((file) => existsSync(file));
}

/** Builds kustomization directories like `kustomize build`, in process, caching each directory. */
export class KustomizeBuilder {
  private readonly cache = new Map<string, BuiltObject[]>();

  constructor(
    private readonly repo: string,
    /** A kustomize or kubectl binary to build with instead (`--kustomize-bin`). */
    private readonly binary?: string,
  ) {}

  /** The objects `dir` builds to; a directory without a kustomization gets Flux's generated one. */
  build(dir: string): BuiltObject[] {
    let built = this.cache.get(dir);
    if (!built) {
      built = this.binary ? this.buildWithBinary(dir) : this.buildDirectory(dir, new Set());
      this.cache.set(dir, built);
    }
    return built;
  }

  private rel(path: string): string {
    return relative(this.repo, path).split(sep).join('/');
  }

  private buildWithBinary(dir: string): BuiltObject[] {
    if (!kustomizationFile(dir)) return this.fluxGenerated(dir, new Set());
    const args = basename(this.binary!).startsWith('kubectl') ? ['kustomize', dir] : ['build', dir];
    try {
      const out = execFileSync(this.binary!, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
      return parseAllDocuments(out).map((doc) => ({ object: doc.toJS() })).filter(({ object }) => object);
    } catch (error) {
      throw new BuildError(`${this.binary} failed: ${String((error as { stderr?: string }).stderr ?? error).trim()}`, this.rel(dir));
    }
  }

  private buildDirectory(dir: string, visiting: Set<string>): BuiltObject[] {
    if (visiting.has(dir)) throw new BuildError(`kustomization cycle through ${this.rel(dir)}`, this.rel(dir), 'build-cycle');
    const file = kustomizationFile(dir);
    if (!file) return this.fluxGenerated(dir, visiting);
    const cached = this.cache.get(dir);
    if (cached) return cached;
    visiting.add(dir);
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    const spec = (docs[0]?.toJS() ?? {}) as Record<string, any>;
    if (docs[0]?.errors.length) throw new BuildError(`not valid YAML: ${docs[0].errors[0]!.message}`, this.rel(file), 'yaml-invalid');
    for (const field of Object.keys(spec)) {
      if (!SUPPORTED_FIELDS.has(field)) {
        throw new BuildError(
          `kustomize feature "${field}" is not supported by the in-process builder`,
          this.rel(file),
          'build-unsupported',
        );
      }
    }
    const objects: BuiltObject[] = [];
    for (const entry of (spec.resources ?? []) as unknown[]) {
      if (typeof entry !== 'string') throw new BuildError(`resources entry ${JSON.stringify(entry)} is not a path`, this.rel(file));
      if (/^[a-z]+:\/\//.test(entry) || entry.includes('?ref=')) {
        throw new BuildError(`remote resource "${entry}" is not supported by the in-process builder`, this.rel(file), 'build-unsupported');
      }
      const target = join(dir, entry);
      if (!existsSync(target)) throw new BuildError(`resource "${entry}" does not exist`, this.rel(file), 'build-missing-resource');
      if (statSync(target).isDirectory()) objects.push(...this.buildDirectory(target, visiting));
      else objects.push(...this.readManifests(target));
    }
    visiting.delete(dir);
    const result = transform(objects, spec, dir, this.rel(file));
    this.cache.set(dir, result);
    return result;
  }

  /**
   * What kustomize-controller generates for a directory without a kustomization: every YAML
   * manifest below it, except that a subdirectory with its own kustomization is built as a whole.
   */
  private fluxGenerated(dir: string, visiting: Set<string>): BuiltObject[] {
    const objects: BuiltObject[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        objects.push(...(kustomizationFile(path) ? this.buildDirectory(path, visiting) : this.fluxGenerated(path, visiting)));
      } else if (/\.ya?ml$/.test(entry.name)) {
        objects.push(...this.readManifests(path).filter(({ object }) => object.apiVersion && object.kind));
      }
    }
    return objects;
  }

  private readManifests(file: string): BuiltObject[] {
    const docs = parseAllDocuments(readFileSync(file, 'utf8'));
    const objects: BuiltObject[] = [];
    for (const doc of docs) {
      if (doc.errors.length > 0) throw new BuildError(`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, this.rel(file), 'yaml-invalid');
      const object = doc.toJS();
      if (object === null || object === undefined) continue;
      if (typeof object !== 'object' || Array.isArray(object)) throw new BuildError('a document is not an object', this.rel(file), 'yaml-invalid');
      objects.push({ object, file: this.rel(file) });
    }
    return objects;
  }
}

/** Runs a kustomization's transformers (./transformers) over the objects its resources built. */
function transform(objects: BuiltObject[], spec: Record<string, any>, dir: string, file: string): BuiltObject[] {
  const inputs = objects.map(({ object, file: from }) => {
    setSourceFile(object, from);
    return object;
  });
  try {
    return applyKustomization(inputs, spec, (path) => readFileSync(join(dir, path), 'utf8'))
      .map((object) => ({ object, ...(sourceFile(object) ? { file: sourceFile(object) } : {}) }));
  } catch (error) {
    throw new BuildError(error instanceof Error ? error.message : String(error), file, 'build-transform-failed');
  }
}

/** Finds `kustomize`, else `kubectl`, on PATH. */
export function findKustomizeOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    for (const name of ['kustomize', 'kubectl']) {
      const candidate = join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}
