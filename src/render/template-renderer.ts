import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { packageRoot } from '../private/package-root.js';
import { assertValidYaml, yamlBlock, yamlQuoted, yamlScalar } from './yaml-text.js';

/** Helpers every template gets beside its data. */
export interface TemplateHelpers {
  /** A map or list as a YAML block at the given indent. */
  readonly block: typeof yamlBlock;
  /** A string that must stay quoted (ConfigMap data). */
  readonly quoted: typeof yamlQuoted;
  /** One YAML scalar (what `<%= %>` does). */
  readonly scalar: typeof yamlScalar;
  /** A value as JSON on one line, for JSON templates (`<%- it.json(x) %>`; JSON is YAML too). */
  readonly json: typeof inlineJson;
}

/** JSON on one line; a list is written `["a", "b"]`, as people write it. */
function inlineJson(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(inlineJson).join(', ')}]` : JSON.stringify(value);
}

const helpers: TemplateHelpers = { block: yamlBlock, quoted: yamlQuoted, scalar: yamlScalar, json: inlineJson };

/** Directory holding the templates; each mirrors the output path it renders. */
export function templatesDir(): string {
  return join(packageRoot(), 'templates');
}

const cache = new Map<string, ejs.TemplateFunction>();

/**
 * Renders `templates/<templatePath>` (or `<root>/<templatePath>`) with `data`. `<%= x %>` emits x as a YAML scalar (the
 * escape function is the YAML serializer), so raw text can only come from the template itself.
 * The result is checked to be valid YAML and ends with exactly one newline.
 */
export function renderTemplate(templatePath: string, data: object, root = templatesDir()): string {
  const file = join(root, templatePath);
  let template = cache.get(file);
  if (!template) {
    template = ejs.compile(readFileSync(file, 'utf8'), {
      filename: file,
      escape: yamlScalar as (value: unknown) => string,
      strict: true,
      localsName: 'it',
      _with: false,
    });
    cache.set(file, template);
  }
  // Only trailing newlines go: a trailing space can belong to the last block scalar's text.
  const text = template({ ...data, ...helpers }).replace(/\n+$/, '') + '\n';
  assertValidYaml(text, templatePath);
  return text;
}
