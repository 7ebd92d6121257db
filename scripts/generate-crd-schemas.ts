/**
 * Writes src/validate/schemas/crd-validators.generated.ts: ajv validators, precompiled to code,
 * for every served version of the CRDs vendored in src/validate/schemas/crds (see SOURCE.md).
 * Precompiled because compiling the schemas took about half a second of every validate run.
 * Run: npx tsx scripts/generate-crd-schemas.ts [--out <dir>]   (--out: the file into <dir>)
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { parse } from 'yaml';
import { crdExportName } from '../src/validate/schemas/crd-export-name.js';

type Schema = { [keyword: string]: unknown };
interface Crd {
  spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema: { openAPIV3Schema: Schema } }[] };
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CRDS = join(ROOT, 'src', 'validate', 'schemas', 'crds');
const TARGET = join(ROOT, 'src', 'validate', 'schemas', 'crd-validators.generated.ts');

/** Keywords that only document (or that ajv cannot check without extra formats): dropped. */
const ANNOTATIONS = new Set(['description', 'default', 'example', 'format']);
const isSchema = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Go's (RE2) pattern syntax where JavaScript's differs. Only a case-insensitive flag `(?i)` over
 * plain letters occurs (prometheus-operator's partial_response_strategy): its letters become
 * [xX] classes. Anything else Go-only fails here rather than in ajv.
 */
export function jsPattern(pattern: string): string {
  const at = pattern.indexOf('(?i)');
  if (at < 0) return pattern;
  const rest = pattern.slice(at + 4);
  if (/[[\\]|\(\?/.test(rest)) throw new Error(`pattern ${pattern}: (?i) before classes, escapes or groups with flags is not translated`);
  return pattern.slice(0, at) + rest.replace(/[A-Za-z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

/**
 * A CRD's structural schema as plain JSON Schema. The API server prunes, and under strict field
 * validation rejects, fields an object schema does not list, unless it is a map
 * (additionalProperties) or opts out (x-kubernetes-preserve-unknown-fields): so the others close.
 * CEL rules (x-kubernetes-validations) and list types have no JSON Schema form and are dropped.
 */
export function structural(schema: Schema): Schema {
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword) || keyword.startsWith('x-kubernetes-')) continue;
    if (keyword === 'properties' && isSchema(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, structural(child as Schema)]));
    } else if ((keyword === 'items' || keyword === 'additionalProperties' || keyword === 'not') && isSchema(value)) {
      out[keyword] = structural(value);
    } else if (['allOf', 'anyOf', 'oneOf'].includes(keyword) && Array.isArray(value)) {
      out[keyword] = value.map((child) => structural(child as Schema));
    } else if (keyword === 'pattern' && typeof value === 'string') {
      out.pattern = jsPattern(value);
    } else {
      out[keyword] = value;
    }
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    // Upstream spells it anyOf [integer, string]; one type list gives one error, not three.
    delete out.anyOf;
    out.type = ['integer', 'string'];
  }
  const open = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.type === 'object' && !open && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
/** ObjectMeta as a manifest sets it; the server-written fields are allowed through. */
const METADATA = { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 }, namespace: { type: 'string' }, labels: stringMap, annotations: stringMap } };

/** Every served version of every vendored CRD, by export name, as a whole-object schema. */
function objectSchemas(): Map<string, Schema> {
  const schemas = new Map<string, Schema>();
  for (const file of readdirSync(CRDS)
    .filter((name) => name.endsWith('.yaml'))
    .sort()) {
    const { spec } = parse(readFileSync(join(CRDS, file), 'utf8')) as Crd;
    for (const version of spec.versions.filter((v) => v.served)) {
      const apiVersion = `${spec.group}/${version.name}`;
      const root = structural(version.schema.openAPIV3Schema);
      const properties = {
        ...(root.properties as Schema),
        apiVersion: { const: apiVersion },
        kind: { const: spec.names.kind },
        metadata: METADATA,
        status: { type: 'object' },
      };
      const required = [...new Set(['apiVersion', 'kind', 'metadata', ...((root.required as string[] | undefined) ?? [])])];
      const name = crdExportName(apiVersion, spec.names.kind);
      if (name === undefined) throw new Error(`${file}: ${apiVersion}/${spec.names.kind} has no export name`);
      schemas.set(name, { $id: `crd:${apiVersion}/${spec.names.kind}`, ...root, properties, required });
    }
  }
  return schemas;
}

const HEADER = `/* eslint-disable */
// @ts-nocheck
// Generated by scripts/generate-crd-schemas.ts from src/validate/schemas/crds; do not edit.
// ajv standalone code: one validator per apiVersion/kind, named by crdExportName() (crd-export-name.ts).
// ajv's code loads its runtime helpers with require(); this ES module provides one.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
`;

export function generate(): string {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, code: { source: true, esm: true, lines: true } });
  const exports: Record<string, string> = {};
  for (const [name, schema] of objectSchemas()) {
    ajv.addSchema(schema);
    exports[name] = schema.$id as string;
  }
  return `${HEADER}${standaloneCode(ajv, exports)}\n`;
}

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
const file = out ? join(out, TARGET.split('/').at(-1)!) : TARGET;
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, generate());
