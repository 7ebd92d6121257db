import { groupVersion } from './resource-id.js';

/** kustomize's FieldSpec: a slash-separated path, valid for objects of the given group/version/kind. */
export interface FieldSpec {
  readonly path: string;
  readonly kind?: string;
  readonly group?: string;
  readonly version?: string;
  /** Create missing maps along the path (and the final field). */
  readonly create?: boolean;
}

function specSelects(spec: FieldSpec, object: Record<string, any>): boolean {
  const { group, version } = groupVersion(object.apiVersion);
  return (!spec.kind || spec.kind === object.kind) && (spec.group === undefined || spec.group === group) && (spec.version === undefined || spec.version === version);
}

/** Splits on "/" except where escaped as "\/" (annotation keys in paths). */
function splitPath(path: string): string[] {
  return path.split(/(?<!\\)\//).map((part) => part.replace(/\\\//g, '/'));
}

/**
 * Calls `visit(parent, key)` for every place `spec.path` reaches in `object`, walking into every
 * element of lists on the way, as kustomize's fieldspec filter does. With `create`, missing maps
 * along the way are created and the final field is visited even when absent.
 */
export function visitField(object: Record<string, any>, spec: FieldSpec, visit: (parent: Record<string, any>, key: string) => void): void {
  if (!specSelects(spec, object)) return;
  walk(object, splitPath(spec.path), spec.create === true, visit);
}

function walk(node: unknown, path: string[], create: boolean, visit: (parent: Record<string, any>, key: string) => void): void {
  if (Array.isArray(node)) {
    for (const element of node) walk(element, path, create, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const map = node as Record<string, any>;
  const [head, ...rest] = path;
  const key = head!.replace(/\[\]$/, '');
  if (rest.length === 0) {
    if (create || key in map) visit(map, key);
    return;
  }
  if (map[key] === undefined || map[key] === null) {
    if (!create || head!.endsWith('[]')) return;
    map[key] = {};
  }
  walk(map[key], rest, create, visit);
}

/** Sets every key of `values` in the map at each place the specs reach (labels, annotations). */
export function mergeIntoMaps(object: Record<string, any>, specs: readonly FieldSpec[], values: Record<string, string>): void {
  for (const spec of specs) {
    visitField(object, spec, (parent, key) => {
      const current = parent[key];
      if (current !== undefined && current !== null && (typeof current !== 'object' || Array.isArray(current))) {
        throw new Error(`${spec.path} of ${object.kind} ${object.metadata?.name} is not a map`);
      }
      parent[key] = { ...(current ?? {}), ...values };
    });
  }
}
