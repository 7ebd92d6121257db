import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildWithBinary, findKustomizeOnPath } from './binary-build.js';
import { BuildError, UnsupportedFeature } from './build-error.js';
import { ConfinedFiles } from './confined-files.js';
import { type Accumulated, generate } from './generators.js';
import { finalize } from './name-reference.js';
import { isRemote, kustomizationFile } from './source-files.js';
import { TRANSFORMER_FIELDS, applyKustomization, currentId, previousIds, sameId, setSourceFile, sourceFile, type ResourceId } from './transformers/index.js';

export { BuildError } from './build-error.js';
export { findKustomizeOnPath } from './binary-build.js';

/** One object a build emitted, with the file it came from. */
export interface BuiltObject {
  readonly object: Record<string, any>;
  /** Repository-relative path of the file that defined the object (or of the kustomization that generated it). */
  readonly file?: string;
}

/** Fields of a kustomization the in-process builder implements; anything else is an error, not a skip. */
const SUPPORTED_FIELDS = new Set<string>(['apiVersion', 'kind', 'metadata', 'resources', ...TRANSFORMER_FIELDS]);

/** Fields the resource-loading side implements (generators, components); the rest goes to real kustomize. */
const LOADING_FIELDS = new Set(['configMapGenerator', 'secretGenerator', 'generatorOptions', 'components', 'crds']);

/**
 * Builds kustomization directories like `kustomize build`, in process, caching each directory.
 * A folder using something the in-process builder does not reproduce exactly is built with real
 * kustomize (or kubectl) from PATH instead, as kustomize-controller would build it.
 */
export class KustomizeBuilder {
  private readonly cache = new Map<string, BuiltObject[]>();
  /** Each folder's objects before hash suffixes and name references, which only the top build settles. */
  private readonly accumulated = new Map<string, Accumulated[]>();
  private readonly files: ConfinedFiles;

  constructor(
    repo: string,
    /** A kustomize or kubectl binary to build every kustomization with instead (`--kustomize-bin`). */
    private readonly binary?: string,
  ) {
    this.files = new ConfinedFiles(repo);
  }

  /** The objects `dir` builds to; a directory without a kustomization gets Flux's generated one. */
  build(dir: string): BuiltObject[] {
    let built = this.cache.get(dir);
    if (!built) {
      this.files.resolve(dir, '.', dir);
      built = this.binary && kustomizationFile(dir) ? buildWithBinary(this.binary, dir, this.files) : this.withFallback(dir, () => finalize(this.tree(dir, new Set()), dir));
      this.cache.set(dir, built);
    }
    return built;
  }

  /** Runs the in-process build of `dir`; if it meets a feature it does not implement, builds `dir` with kustomize from PATH. */
  private withFallback(dir: string, run: () => Accumulated[]): Accumulated[] {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof UnsupportedFeature)) throw error;
      const binary = findKustomizeOnPath();
      const fix = !kustomizationFile(dir)
        ? 'add a kustomization.yaml to the folder so real kustomize can build it'
        : !binary
          ? 'neither kustomize nor kubectl is on PATH to build it with: install kustomize or kubectl'
          : undefined;
      if (fix) throw new BuildError(`${error.message}; ${fix}`, this.files.rel(error.file), 'build-unsupported');
      return buildWithBinary(binary!, dir, this.files);
    }
  }

  private tree(dir: string, visiting: Set<string>): Accumulated[] {
    return kustomizationFile(dir) ? this.kustomization(dir, visiting) : this.fluxGenerated(dir, visiting);
  }

  /**
   * kustomize's accumulation of one kustomization: resources, then generators, then components
   * (each applied onto everything so far), then this kustomization's transformers over all of it.
   * A component starts from its includer's objects (`base`) and is never cached.
   */
  private kustomization(dir: string, visiting: Set<string>, base?: Accumulated[]): Accumulated[] {
    if (visiting.has(dir)) throw new BuildError(`kustomization cycle through ${this.files.rel(dir)}`, this.files.rel(dir), 'build-cycle');
    const cached = base ? undefined : this.accumulated.get(dir);
    if (cached) return cached;
    const from = kustomizationFile(dir);
    if (!from) throw new UnsupportedFeature('a resource folder without a kustomization', dir);
    visiting.add(dir);
    try {
      const result = this.accumulateKustomization(dir, from, visiting, base);
      if (!base) this.accumulated.set(dir, result);
      return result;
    } finally {
      // Also on failure: a sibling built afterwards (say by the fallback) may include the same base.
      visiting.delete(dir);
    }
  }

  private accumulateKustomization(dir: string, from: string, visiting: Set<string>, base?: Accumulated[]): Accumulated[] {
    const spec = this.files.readYaml(dir, basename(from), from)[0] ?? {};
    if (typeof spec !== 'object' || Array.isArray(spec)) throw new BuildError('the kustomization is not a mapping', this.files.rel(from), 'yaml-invalid');
    const fields = spec as Record<string, any>;
    // kustomize insists components are `kind: Component` and nothing else is; its error says so best.
    if ((fields.kind === 'Component') !== Boolean(base)) throw new UnsupportedFeature(`kind ${fields.kind ?? 'Kustomization'} here`, from);
    for (const field of Object.keys(fields)) {
      if (!SUPPORTED_FIELDS.has(field) && !LOADING_FIELDS.has(field)) throw new UnsupportedFeature(field, from);
    }
    let objects = [...(base ?? [])];
    for (const entry of this.paths(fields.resources, 'resources', from)) {
      const real = this.files.resolve(dir, entry, from);
      objects.push(...(this.files.isDirectory(real, entry, from) ? this.kustomization(join(dir, entry), visiting) : this.readManifests(dir, entry, from)));
    }
    this.checkCrds(fields.crds, dir, from);
    objects.push(...generate(fields, { dir, from, files: this.files }));
    for (const entry of this.paths(fields.components, 'components', from)) {
      if (!this.files.isDirectory(this.files.resolve(dir, entry, from), entry, from)) throw new UnsupportedFeature(`component file ${entry}`, from);
      objects = this.kustomization(join(dir, entry), visiting, objects);
    }
    // Two objects with one id are kustomize's "already registered id" error; its message says it best.
    const ids = new Set(objects.map(({ object }) => [object.apiVersion, object.kind, object.metadata?.namespace ?? '', object.metadata?.name].join('|')));
    if (ids.size < objects.length) throw new UnsupportedFeature('two objects with the same id', from);
    return this.transform(objects, fields, dir, from);
  }

  private transform(objects: Accumulated[], fields: Record<string, any>, dir: string, from: string): Accumulated[] {
    return transformEntries(objects, fields, (path) => this.files.read(this.files.resolve(dir, path, from), path, from).toString('utf8'), this.files.rel(from));
  }

  /**
   * `crds` (OpenAPI definitions) only teach kustomize's transformers about custom fields through
   * x-kubernetes-object-ref-*, -annotation, -label-selector and -identity extensions; definitions
   * without any change nothing in the build.
   */
  private checkCrds(value: unknown, dir: string, from: string): void {
    for (const entry of this.paths(value, 'crds', from)) {
      const documents = this.files.readYaml(dir, entry, from);
      if (/x-kubernetes-(object-ref|annotation|label-selector|identity)/.test(JSON.stringify(documents))) throw new UnsupportedFeature('crds with x-kubernetes extensions', from);
    }
  }

  /** The local paths a `resources`/`components` list names; remote ones cannot be built offline. */
  private paths(value: unknown, field: string, from: string): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new BuildError(`${field} is not a list`, this.files.rel(from));
    for (const entry of value) {
      if (typeof entry !== 'string') throw new BuildError(`${field} entry ${JSON.stringify(entry)} is not a path`, this.files.rel(from));
      if (isRemote(entry)) throw new BuildError(`remote ${field} entry "${entry}" cannot be built offline`, this.files.rel(from), 'build-unsupported');
    }
    return value;
  }

  /**
   * What kustomize-controller generates for a directory without a kustomization: every YAML
   * manifest below it, except that a subdirectory with its own kustomization is built as a whole
   * (with real kustomize if it needs features the in-process builder lacks).
   */
  private fluxGenerated(dir: string, visiting: Set<string>): Accumulated[] {
    const objects: Accumulated[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && kustomizationFile(path)) objects.push(...this.subKustomization(path, visiting));
      else if (entry.isDirectory()) objects.push(...this.fluxGenerated(path, visiting));
      else if (/\.ya?ml$/.test(entry.name)) objects.push(...this.readManifests(dir, entry.name, path).filter(({ object }) => object.apiVersion && object.kind));
    }
    return objects;
  }

  private subKustomization(dir: string, visiting: Set<string>): Accumulated[] {
    let objects = this.accumulated.get(dir);
    if (!objects) {
      objects = this.binary ? buildWithBinary(this.binary, dir, this.files) : this.withFallback(dir, () => this.kustomization(dir, visiting));
      this.accumulated.set(dir, objects);
    }
    return objects;
  }

  private readManifests(dir: string, path: string, from: string): Accumulated[] {
    const file = this.files.rel(join(dir, path));
    const objects: Accumulated[] = [];
    for (const object of this.files.readYaml(dir, path, from)) {
      if (object === null || object === undefined) continue;
      if (typeof object !== 'object' || Array.isArray(object)) throw new BuildError('a document is not an object', file, 'yaml-invalid');
      const fields = object as Record<string, any>;
      // kustomize expands `kind: List` and drops local-config objects; both are left to it.
      if (Array.isArray(fields.items) && String(fields.kind).endsWith('List')) throw new UnsupportedFeature(`a ${fields.kind} in ${file}`, from);
      if (fields.metadata?.annotations?.['config.kubernetes.io/local-config'] !== undefined) throw new UnsupportedFeature(`local-config objects in ${file}`, from);
      objects.push({ object: fields, file });
    }
    return objects;
  }
}

/**
 * Runs a kustomization's transformers (./transformers) over everything it accumulated, keeping
 * each object's source file and what the generators noted (hash suffix due, names it had).
 */
function transformEntries(entries: Accumulated[], spec: Record<string, any>, load: (path: string) => string, from: string): Accumulated[] {
  if (!TRANSFORMER_FIELDS.some((field) => spec[field] !== undefined)) return entries;
  const before = entries.map((entry) => ({ entry, id: currentId(entry.object) }));
  const inputs = entries.map(({ object, file }) => {
    setSourceFile(object, file);
    return object;
  });
  let objects: Record<string, any>[];
  try {
    objects = applyKustomization(inputs, spec, load);
  } catch (error) {
    throw new BuildError(error instanceof Error ? error.message : String(error), from, 'build-transform-failed');
  }
  return objects.map((object) => {
    const ids: ResourceId[] = [currentId(object), ...previousIds(object)];
    const origin = before.find(({ id }) => ids.some((seen) => sameId(seen, id)))?.entry;
    const name = object.metadata?.name;
    const names = [...(origin?.previousNames ?? []), ...previousIds(object).map((id) => id.name)].filter((n) => n !== name);
    const file = sourceFile(object) ?? origin?.file;
    return {
      object,
      ...(file ? { file } : {}),
      ...(origin?.needsHash ? { needsHash: true } : {}),
      ...(names.length > 0 ? { previousNames: [...new Set(names)] } : {}),
    };
  });
}
