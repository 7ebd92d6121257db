import { basename } from 'node:path';
import { BuildError, UnsupportedFeature } from './build-error.js';
import type { ConfinedFiles } from './confined-files.js';

/** An object on its way through a build; `needsHash` and `previousNames` are settled at the top. */
export interface Accumulated {
  object: Record<string, any>;
  file?: string;
  /** A generated ConfigMap/Secret whose name gets kustomize's hash suffix once the build is done. */
  needsHash?: boolean;
  /** Names the object had before transformers renamed it, so references to them can follow. */
  previousNames?: string[];
}

interface Context {
  readonly dir: string;
  /** The kustomization file, absolute; errors and the objects' `file` name it. */
  readonly from: string;
  readonly files: ConfinedFiles;
}

const GENERATOR_KEYS = new Set(['name', 'namespace', 'behavior', 'literals', 'files', 'envs', 'options', 'type']);
const OPTION_KEYS = new Set(['labels', 'annotations', 'disableNameSuffixHash', 'immutable']);
/** kustomize's validators: ConfigMap/Secret data keys, and keys read from env files. */
const DATA_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_KEY = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The ConfigMaps and Secrets a kustomization's configMapGenerator and secretGenerator produce. */
export function generate(spec: Record<string, any>, context: Context): Accumulated[] {
  const globals = options(spec.generatorOptions, 'generatorOptions', context);
  const out: Accumulated[] = [];
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    for (const args of list(spec[field], field, context)) out.push(generateOne(kind, args, globals, context));
  }
  return out;
}

function generateOne(kind: 'ConfigMap' | 'Secret', args: Record<string, any>, globals: Record<string, any>, context: Context): Accumulated {
  const unsupported = (what: string) => new UnsupportedFeature(`${kind === 'Secret' ? 'secretGenerator' : 'configMapGenerator'} ${what}`, context.from);
  if (typeof args !== 'object' || args === null || Object.keys(args).some((key) => !GENERATOR_KEYS.has(key))) throw unsupported('entry shape');
  if ((args.behavior ?? 'create') !== 'create') throw unsupported(`behavior ${args.behavior}`);
  if (args.type !== undefined && (kind !== 'Secret' || typeof args.type !== 'string')) throw unsupported('type');
  if (typeof args.name !== 'string' || args.name === '') throw unsupported('without a name');
  const local = options(args.options, 'options', context);
  // kustomize merges generatorOptions into each generator's options, the generator's own keys winning.
  const labels = { ...globals.labels, ...local.labels };
  const annotations = { ...globals.annotations, ...local.annotations };
  const object: Record<string, any> = {
    apiVersion: 'v1',
    kind,
    metadata: {
      name: args.name,
      ...(args.namespace ? { namespace: args.namespace } : {}),
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
    ...(kind === 'Secret' ? { type: args.type || 'Opaque' } : {}),
  };
  const pairs = keyValues(args, context, unsupported);
  for (const [key, value] of pairs) {
    if (!DATA_KEY.test(key) || key.length > 253) throw unsupported(`key "${key}"`);
    const text = decode(value);
    // Secrets hold base64 of everything; ConfigMaps keep UTF-8 text in data and the rest in binaryData.
    const field = kind === 'Secret' ? 'data' : text === undefined ? 'binaryData' : 'data';
    const stored = kind === 'Secret' || text === undefined ? value.toString('base64') : text;
    if (object.data?.[key] !== undefined || object.binaryData?.[key] !== undefined) throw unsupported(`repeated key "${key}"`);
    (object[field] ??= {})[key] = stored;
  }
  if (local.immutable || globals.immutable) object.immutable = true;
  const needsHash = !(local.disableNameSuffixHash || globals.disableNameSuffixHash);
  return { object, file: context.files.rel(context.from), ...(needsHash ? { needsHash } : {}) };
}

/** Key/value pairs in kustomize's order: env files, then literals, then files. */
function keyValues(args: Record<string, any>, context: Context, unsupported: (what: string) => Error): Array<[string, Buffer]> {
  const pairs: Array<[string, Buffer]> = [];
  for (const path of strings(args.envs, unsupported)) {
    const lines = context.files
      .read(context.files.resolve(context.dir, path, context.from), path, context.from)
      .toString('utf8')
      .split('\n');
    lines.forEach((raw, index) => {
      const line = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '').trimStart();
      if (line === '' || line.startsWith('#')) return;
      const [key, ...rest] = line.split('=');
      if (!ENV_KEY.test(key!)) throw unsupported(`env file key "${key}"`);
      pairs.push([key!, Buffer.from(rest.join('='), 'utf8')]);
    });
  }
  for (const literal of strings(args.literals, unsupported)) {
    const at = literal.indexOf('=');
    if (at <= 0) throw new BuildError(`literal "${literal}" is not key=value`, context.files.rel(context.from), 'generator-invalid');
    pairs.push([literal.slice(0, at), Buffer.from(unquote(literal.slice(at + 1)), 'utf8')]);
  }
  for (const source of strings(args.files, unsupported)) {
    const parts = source.split('=');
    if (parts.length > 2 || parts.some((part) => part === '')) {
      throw new BuildError(`file source "${source}" is not [key=]path`, context.files.rel(context.from), 'generator-invalid');
    }
    const path = parts.at(-1)!;
    const content = context.files.read(context.files.resolve(context.dir, path, context.from), path, context.from);
    pairs.push([parts.length === 2 ? parts[0]! : basename(path), content]);
  }
  return pairs;
}

/** kustomize drops one pair of matching quotes around a literal's value. */
function unquote(value: string): string {
  return value.length >= 2 && value[0] === value.at(-1) && (value[0] === '"' || value[0] === "'") ? value.slice(1, -1) : value;
}

function decode(value: Buffer): string | undefined {
  try {
    return utf8.decode(value);
  } catch {
    return undefined;
  }
}

function options(value: unknown, field: string, context: Context): Record<string, any> {
  if (value === undefined || value === null) return {};
  const stringMaps = ['labels', 'annotations'].map((key) => (value as Record<string, unknown>)[key] ?? {});
  // kustomize reads labels and annotations as strings only; anything else fails its decoding.
  const valid = stringMaps.every((map) => typeof map === 'object' && Object.values(map as object).every((v) => typeof v === 'string'));
  if (typeof value !== 'object' || !valid || Object.keys(value).some((key) => !OPTION_KEYS.has(key))) {
    throw new UnsupportedFeature(`${field} ${JSON.stringify(value)}`, context.from);
  }
  return value as Record<string, any>;
}

function list(value: unknown, field: string, context: Context): Record<string, any>[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BuildError(`${field} is not a list`, context.files.rel(context.from), 'generator-invalid');
  return value;
}

function strings(value: unknown, unsupported: (what: string) => Error): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw unsupported('source list');
  return value;
}
