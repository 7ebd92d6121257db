import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Files kustomize reads as a folder's kustomization. */
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
/** Larger YAML files are not read for references (validate refuses them as input anyway). */
const MAX_YAML_BYTES = 8 * 1024 * 1024;

/**
 * What a cluster's render can read, found without rendering it: folders (every file below them)
 * and single files, or `wide` when a reference cannot be followed offline (a substituted path, an
 * artifact built from the repository), so that any change may touch it. Conservative by
 * construction: a folder is an input when any file of the cluster's tree names it.
 */
export interface ClusterInputs {
  readonly dirs: readonly string[];
  readonly files: ReadonlySet<string>;
  readonly wide: boolean;
}

interface FolderRefs {
  readonly dirs: string[];
  readonly files: string[];
  wide: boolean;
}

/**
 * Static inputs of clusters of one repository tree: each folder's references are read once and
 * shared by every cluster that reaches it (a thousand clusters on one infrastructure folder read
 * it once).
 */
export class InputFinder {
  private readonly refs = new Map<string, FolderRefs>();

  /** @param repo the repository folder (real path) */
  constructor(private readonly repo: string) {}

  /** The inputs of the cluster whose entry folder is `entry` (repository-relative). */
  inputsOf(entry: string): ClusterInputs {
    const dirs = new Set<string>();
    const files = new Set<string>();
    let wide = false;
    const pending = [normalize(entry)];
    while (pending.length > 0) {
      const dir = pending.pop()!;
      if (dirs.has(dir) || [...dirs].some((d) => d === '' || dir.startsWith(`${d}/`))) continue;
      dirs.add(dir);
      const refs = this.folderRefs(dir);
      wide ||= refs.wide;
      pending.push(...refs.dirs);
      for (const file of refs.files) files.add(file);
    }
    return { dirs: [...dirs].map((d) => (d === '' ? '' : `${d}/`)), files, wide };
  }

  /** What the YAML files below `dir` name: paths relative to the root (`./x`) or to a kustomization's folder. */
  private folderRefs(dir: string): FolderRefs {
    const known = this.refs.get(dir);
    if (known) return known;
    const found: FolderRefs = { dirs: [], files: [], wide: false };
    this.refs.set(dir, found);
    const add = (path: string) => {
      const kind = this.kindOf(path);
      if (kind === 'dir') found.dirs.push(path);
      else if (kind === 'file') found.files.push(path);
    };
    for (const file of this.yamlFilesBelow(dir)) {
      const inKustomization = KUSTOMIZATION_FILES.has(posix.basename(file));
      for (const [key, value] of this.stringsOf(file)) {
        if (value.includes('${')) {
          // A Flux Kustomization path (or a path-like value) built by substitution: unknown until rendered.
          if (key === 'path' || /^\.{0,2}\//.test(value)) found.wide = true;
          continue;
        }
        if (/^@?\.\//.test(value)) add(normalize(value.replace(/^@/, '')));
        if (inKustomization && !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith('/')) add(normalize(posix.join(posix.dirname(file), value)));
        if (/^(OCIRepository|Bucket|ExternalArtifact)$/.test(value)) found.wide = true;
      }
    }
    return found;
  }

  private kindOf(path: string): 'dir' | 'file' | undefined {
    if (path.startsWith('..') || path === '.git' || path.startsWith('.git/')) return undefined;
    try {
      const stat = lstatSync(join(this.repo, path));
      return stat.isDirectory() ? 'dir' : stat.isFile() || stat.isSymbolicLink() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  }

  private yamlFilesBelow(dir: string): string[] {
    const out: string[] = [];
    const walk = (rel: string) => {
      let entries;
      try {
        entries = readdirSync(join(this.repo, rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const path = rel === '' ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules') walk(path);
        else if (e.isFile() && (/\.ya?ml$/.test(e.name) || KUSTOMIZATION_FILES.has(e.name))) out.push(path);
      }
    };
    walk(dir);
    return out;
  }

  /**
   * Every scalar of the file with its key (`''` for a list item), read line by line rather than
   * parsed: a thousand clusters' files are read in a fraction of a parse. Over-inclusive by
   * design (a block scalar's lines are read as scalars too): an extra string only adds an input
   * when it names an existing path. None for an unreadable file.
   */
  private stringsOf(file: string): Array<[string, string]> {
    let text: string;
    try {
      const full = join(this.repo, file);
      if (lstatSync(full).size > MAX_YAML_BYTES) return [];
      text = readFileSync(full, 'utf8');
    } catch {
      return [];
    }
    // Most files name no path at all: skip them.
    if (!text.includes('./') && !text.includes('${') && !KUSTOMIZATION_FILES.has(posix.basename(file)) && !/OCIRepository|Bucket|ExternalArtifact/.test(text)) return [];
    const out: Array<[string, string]> = [];
    for (const raw of text.split('\n')) {
      const line = raw.replace(/(^|\s)#.*$/, '');
      const match = /^\s*(?:-\s+)*(?:(["']?)([A-Za-z_$][\w.$/-]*)\1\s*:(?=\s|$))?\s*(.*?)\s*$/.exec(line);
      if (!match) continue;
      const key = match[2] ?? '';
      const rest = match[3]!;
      const items = rest.startsWith('[') && rest.endsWith(']') ? rest.slice(1, -1).split(',') : [rest];
      for (const item of items) {
        const value = item.trim().replace(/^(["'])(.*)\1$/, '$2');
        if (value !== '' && !/^[|>][-+]?\d*$/.test(value)) out.push([key, value]);
      }
    }
    return out;
  }
}

const normalize = (path: string): string => {
  const n = posix.normalize(path).replace(/^\.\//, '').replace(/\/+$/, '');
  return n === '.' ? '' : n;
};

/** Whether a changed file (repository-relative) is one of the inputs. */
export function touches(inputs: ClusterInputs, file: string): boolean {
  return inputs.wide || inputs.files.has(file) || inputs.dirs.some((dir) => dir === '' || file.startsWith(dir));
}
