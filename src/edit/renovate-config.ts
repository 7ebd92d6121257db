import { isDeepStrictEqual } from 'node:util';
import { type AST, getStaticJSONValue, parseJSON } from 'jsonc-eslint-parser';

/**
 * The files Renovate reads its repository config from, in the order it looks (it reads the first
 * that exists; package.json only when it has a "renovate" key). From Renovate's docs
 * (configuration-options, "configuration file locations") and lib/config/app-strings.ts.
 */
export const RENOVATE_CONFIG_FILES = [
  'renovate.json',
  'renovate.json5',
  '.github/renovate.json',
  '.github/renovate.json5',
  '.gitlab/renovate.json',
  '.gitlab/renovate.json5',
  '.renovaterc',
  '.renovaterc.json',
  '.renovaterc.json5',
  'package.json',
] as const;

/** What platform-gitops ci adds to a Renovate config: file patterns for the flux manager, and one package rule. */
export interface RenovateAdditions {
  /** `flux.managerFilePatterns` entries (added when missing). */
  readonly fluxFilePatterns: readonly string[];
  /** A package rule, recognised in an existing config by its `description` (added once). */
  readonly packageRule: { readonly description: string } & Readonly<Record<string, unknown>>;
}

/** The result of extending a config: its new text, or why it cannot be done safely. */
export type RenovateEdit = { readonly contents: string } | { readonly unsafe: string };

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type Container = AST.JSONObjectExpression | AST.JSONArrayExpression;
interface Insertion {
  readonly at: number;
  readonly text: string;
}
interface Style {
  readonly eol: string;
  readonly unit: string;
  readonly quote: '"' | "'";
  readonly bareKeys: boolean;
  readonly trailingCommas: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Extends an existing Renovate config in place with `additions`, inserting text only: every byte
 * of the file (comments, order, quotes, other keys) stays where it was. A `.json5` file is read
 * as JSON5, any other as JSON, or JSON5 where it is not JSON (as Renovate reads them). The result
 * is parsed again and must hold exactly the old config plus the additions; otherwise (or when the
 * file's shape leaves no safe place) `unsafe` says why. An up-to-date config comes back unchanged.
 */
export function extendRenovateConfig(file: string, text: string, additions: RenovateAdditions): RenovateEdit {
  const strict = !file.endsWith('.json5') && parses(text, 'JSON');
  let ast: AST.JSONProgram;
  try {
    ast = parseJSON(text, { jsonSyntax: strict ? 'JSON' : 'JSON5' });
  } catch (error) {
    return { unsafe: `it is not JSON or JSON5 (${(error as Error).message})` };
  }
  const root = ast.body[0]?.expression;
  if (root?.type !== 'JSONObjectExpression') return { unsafe: 'its top level is not an object' };
  const before = getStaticJSONValue(ast) as Record<string, JsonValue>;
  const expected = mergedValue(before, additions);
  if (expected === undefined) return { unsafe: 'its flux, flux.managerFilePatterns or packageRules is not of the type Renovate expects' };
  if (isDeepStrictEqual(expected, before)) return { contents: text };

  const style = styleOf(text, ast, root, strict);
  const insertions: Insertion[] = [];
  const atRoot: Entry[] = [];
  const flux = lastProperty(root, 'flux');
  if (flux === undefined) atRoot.push(['flux', { managerFilePatterns: [...additions.fluxFilePatterns] }]);
  else if (flux.value.type === 'JSONObjectExpression') {
    const patterns = lastProperty(flux.value, 'managerFilePatterns');
    if (patterns === undefined) insertions.push(...addEntries(text, ast, flux.value, style, [['managerFilePatterns', [...additions.fluxFilePatterns]]]));
    else if (patterns.value.type === 'JSONArrayExpression') {
      const have = getStaticJSONValue(patterns.value) as JsonValue[];
      const missing = additions.fluxFilePatterns.filter((p) => !have.includes(p));
      insertions.push(
        ...addEntries(
          text,
          ast,
          patterns.value,
          style,
          missing.map((p): Entry => [undefined, p]),
        ),
      );
    }
  }
  const rules = lastProperty(root, 'packageRules');
  const rule = additions.packageRule as unknown as JsonValue;
  if (rules === undefined) atRoot.push(['packageRules', [rule]]);
  else if (rules.value.type === 'JSONArrayExpression' && !hasRule(getStaticJSONValue(rules.value) as JsonValue[], additions.packageRule.description)) {
    insertions.push(...addEntries(text, ast, rules.value, style, [[undefined, rule]]));
  }
  insertions.push(...addEntries(text, ast, root, style, atRoot));

  const contents = apply(text, insertions);
  // The check that makes the edit safe: the new text reads (in the same dialect) as the old config plus ours.
  let after: unknown;
  try {
    after = getStaticJSONValue(parseJSON(contents, { jsonSyntax: strict ? 'JSON' : 'JSON5' }));
  } catch {
    after = undefined;
  }
  return isDeepStrictEqual(after, expected) ? { contents } : { unsafe: 'its layout leaves no place to insert the additions safely' };
}

/**
 * The config as Renovate would read it after `additions`, or undefined when a key we extend has
 * another type. Used to check an edit, and to show the lines to add where none can be made.
 */
export function mergedValue(config: Readonly<Record<string, unknown>>, additions: RenovateAdditions): Record<string, JsonValue> | undefined {
  const out = structuredClone(config) as Record<string, JsonValue>;
  const flux = out.flux ?? {};
  if (!isObject(flux)) return undefined;
  const patterns = flux.managerFilePatterns ?? [];
  if (!Array.isArray(patterns)) return undefined;
  out.flux = { ...flux, managerFilePatterns: [...patterns, ...additions.fluxFilePatterns.filter((p) => !patterns.includes(p))] };
  const rules = out.packageRules ?? [];
  if (!Array.isArray(rules)) return undefined;
  out.packageRules = hasRule(rules, additions.packageRule.description) ? rules : [...rules, structuredClone(additions.packageRule) as unknown as JsonValue];
  // A key the edit appends lands last in Renovate's object too; keep the comparison order-free.
  return out;
}

/** The JSON text to add by hand where the file cannot be edited: the keys we extend, as they should read. */
export function additionsText(config: Readonly<Record<string, unknown>>, additions: RenovateAdditions): string {
  const merged = mergedValue(config, additions) ?? { flux: { managerFilePatterns: [...additions.fluxFilePatterns] }, packageRules: [additions.packageRule as unknown as JsonValue] };
  return JSON.stringify({ flux: merged.flux, packageRules: merged.packageRules }, null, 2);
}

const isObject = (value: unknown): value is Record<string, JsonValue> => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasRule = (rules: readonly JsonValue[], description: string) => rules.some((r) => isObject(r) && r.description === description);

function parses(text: string, jsonSyntax: 'JSON' | 'JSON5'): boolean {
  try {
    parseJSON(text, { jsonSyntax });
    return true;
  } catch {
    return false;
  }
}

function keyName(property: AST.JSONProperty): string {
  return property.key.type === 'JSONIdentifier' ? property.key.name : String(property.key.value);
}

/** The property Renovate sees: the last of that name (JSON.parse and JSON5.parse keep the last). */
function lastProperty(object: AST.JSONObjectExpression, name: string): AST.JSONProperty | undefined {
  return object.properties.filter((p) => keyName(p) === name).at(-1);
}

/** The file's own habits, so added lines look like their neighbours. */
function styleOf(text: string, ast: AST.JSONProgram, root: AST.JSONObjectExpression, strict: boolean): Style {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const first = root.properties[0];
  const unit = first ? (lineIndent(text, first.range[0]) ?? '  ') || '  ' : '  ';
  const firstString = ast.tokens.find((t) => t.type === 'String');
  const quote = !strict && firstString?.value.startsWith("'") ? "'" : '"';
  const bareKeys = !strict && first?.key.type === 'JSONIdentifier';
  const last = root.properties.at(-1);
  const trailingCommas = !strict && last !== undefined && tokenAfter(ast, last.range[1])?.value === ',';
  return { eol, unit, quote, bareKeys, trailingCommas };
}

/** The whitespace before `offset` on its line, or undefined when something else is there. */
function lineIndent(text: string, offset: number): string | undefined {
  const start = Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
  const prefix = text.slice(start, offset);
  return /^[ \t]*$/.test(prefix) ? prefix : undefined;
}

function tokenAfter(ast: AST.JSONProgram, offset: number): AST.JSONProgram['tokens'][number] | undefined {
  return ast.tokens.find((t) => t.range[0] >= offset);
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

type Entry = readonly [key: string | undefined, value: JsonValue];

/** The insertions that add `entries` (properties when a key is given, else elements) at the end of `container`. */
function addEntries(text: string, ast: AST.JSONProgram, container: Container, style: Style, entries: readonly Entry[]): Insertion[] {
  if (entries.length === 0) return [];
  const children: readonly AST.JSONNode[] = container.type === 'JSONObjectExpression' ? container.properties : container.elements.filter((e): e is AST.JSONExpression => e !== null);
  const close = container.range[1] - 1;
  const outer = lineIndent(text, container.range[0]) ?? indentOfLine(text, container.range[0]);
  const lines = (indent: string) => entries.map(([key, value]) => `${style.eol}${indent}${entry(key, value, indent, style)}`).join(',');
  const last = children.at(-1);
  if (last === undefined) {
    // An empty {} or []: the entries go on lines of their own inside it.
    return [{ at: container.range[0] + 1, text: `${lines(outer + style.unit)}${style.trailingCommas ? ',' : ''}${style.eol}${outer}` }];
  }
  const comma = tokenAfter(ast, last.range[1]);
  const hasComma = comma !== undefined && comma.value === ',' && comma.range[0] < close;
  if (lineOf(text, last.range[1]) === lineOf(text, close)) {
    // One line (`["a", "b"]`): the entries follow the last one on it.
    const inline = { ...style, eol: ' ', unit: '', trailingCommas: false };
    return [{ at: last.range[1], text: entries.map(([key, value]) => `, ${entry(key, value, '', inline)}`).join('') }];
  }
  const indent = lineIndent(text, last.range[0]) ?? indentOfLine(text, last.range[0]);
  // After the last entry's comma and any comment on its line, before the line break.
  let at = hasComma ? comma.range[1] : last.range[1];
  for (;;) {
    while (text[at] === ' ' || text[at] === '\t') at++;
    const end = ast.comments.find((c) => c.range?.[0] === at)?.range?.[1];
    if (end === undefined) break;
    at = end;
  }
  const added = `${lines(indent)}${hasComma ? ',' : ''}`;
  return hasComma
    ? [{ at, text: added }]
    : [
        { at: last.range[1], text: ',' },
        { at, text: added },
      ];
}

function indentOfLine(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

function entry(key: string | undefined, value: JsonValue, indent: string, style: Style): string {
  return key === undefined ? render(value, indent, style) : `${renderKey(key, style)}: ${render(value, indent, style)}`;
}

function renderKey(key: string, style: Style): string {
  return style.bareKeys && IDENTIFIER.test(key) ? key : renderString(key, style);
}

function renderString(value: string, style: Style): string {
  const json = JSON.stringify(value);
  return style.quote === '"' ? json : `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A value in the file's style: objects one key a line, lists of scalars on one line. */
function render(value: JsonValue, indent: string, style: Style): string {
  if (typeof value === 'string') return renderString(value, style);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + style.unit;
  const tail = style.trailingCommas ? ',' : '';
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => render(v, inner, style)).join(', ')}]`;
    return `[${style.eol}${value.map((v) => `${inner}${render(v, inner, style)}`).join(`,${style.eol}`)}${tail}${style.eol}${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{${style.eol}${entries.map(([k, v]) => `${inner}${entry(k, v, inner, style)}`).join(`,${style.eol}`)}${tail}${style.eol}${indent}}`;
}

function apply(text: string, insertions: readonly Insertion[]): string {
  // From the end, so earlier offsets stay valid; at one offset, in the order they were planned.
  const ordered = insertions.map((insertion, index) => ({ ...insertion, index })).sort((a, b) => b.at - a.at || b.index - a.index);
  let out = text;
  for (const { at, text: added } of ordered) out = out.slice(0, at) + added + out.slice(at);
  return out;
}
