/** One RFC 6902 operation, as written in a kustomization (YAML or JSON). */
export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new Error(`JSON pointer "${path}" does not start with "/"`);
  return path
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container holding the pointer's last token, and that token. */
function locate(document: any, path: string): { parent: any; key: string } {
  const tokens = pointer(path);
  if (tokens.length === 0) throw new Error('operations on the whole document are not supported');
  let parent = document;
  for (const token of tokens.slice(0, -1)) {
    parent = Array.isArray(parent) ? parent[index(parent, token, false)] : parent?.[token];
    if (parent === undefined || parent === null || typeof parent !== 'object') throw new Error(`path "${path}" does not exist`);
  }
  return { parent, key: tokens[tokens.length - 1]! };
}

function index(list: unknown[], token: string, forInsert: boolean): number {
  if (forInsert && token === '-') return list.length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new Error(`"${token}" is not an array index`);
  const at = Number(token);
  if (at > list.length || (!forInsert && at === list.length)) throw new Error(`array index ${at} is out of bounds`);
  return at;
}

function get(document: any, path: string): unknown {
  const { parent, key } = locate(document, path);
  const value = Array.isArray(parent) ? parent[index(parent, key, false)] : parent[key];
  if (value === undefined) throw new Error(`path "${path}" does not exist`);
  return value;
}

function add(document: any, path: string, value: unknown): void {
  const { parent, key } = locate(document, path);
  if (Array.isArray(parent)) parent.splice(index(parent, key, true), 0, value);
  else parent[key] = value;
}

function remove(document: any, path: string): unknown {
  const { parent, key } = locate(document, path);
  if (Array.isArray(parent)) return parent.splice(index(parent, key, false), 1)[0];
  if (!(key in parent)) throw new Error(`path "${path}" does not exist`);
  const value = parent[key];
  delete parent[key];
  return value;
}

/** Applies the operations in order to `document` in place; any failing operation throws. */
export function applyJsonPatch(document: Record<string, any>, operations: readonly JsonPatchOperation[]): void {
  for (const operation of operations) {
    const value = structuredClone(operation.value);
    switch (operation.op) {
      case 'add':
        add(document, operation.path, value);
        break;
      case 'remove':
        remove(document, operation.path);
        break;
      case 'replace':
        get(document, operation.path);
        remove(document, operation.path);
        add(document, operation.path, value);
        break;
      case 'move':
        add(document, operation.path, remove(document, operation.from ?? ''));
        break;
      case 'copy':
        add(document, operation.path, structuredClone(get(document, operation.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(get(document, operation.path)) !== JSON.stringify(value)) throw new Error(`test failed at "${operation.path}"`);
        break;
      default:
        throw new Error(`unknown JSON patch op ${JSON.stringify((operation as { op: unknown }).op)}`);
    }
  }
}
