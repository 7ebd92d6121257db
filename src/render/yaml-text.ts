import { parseAllDocuments, stringify } from 'yaml';

/** Serializer options shared by every file the tool writes, so output is stable byte for byte. */
export const YAML_OPTIONS = {
  indent: 2,
  lineWidth: 0,
  minContentWidth: 0,
  indentSeq: true,
  singleQuote: false,
} as const;

/**
 * A value as one YAML scalar, safe to place after `key: ` on one line. Every template's `<%= %>`
 * goes through here, so no answer can break out of its scalar or inject YAML or template code.
 */
export function yamlScalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') {
    throw new TypeError('yamlScalar takes a scalar; use block() for maps and lists');
  }
  const text = stringify(value, YAML_OPTIONS).replace(/\n$/, '');
  // Multi-line strings come back as block scalars, which cannot sit inline: use a JSON string,
  // which is a valid YAML double-quoted scalar with every character escaped.
  return text.includes('\n') ? JSON.stringify(value) : text;
}

/** A string that must stay a string (ConfigMap data): always double-quoted. */
export function yamlQuoted(value: string | number): string {
  return JSON.stringify(String(value));
}

/**
 * A map or list as a YAML block indented by `indent` spaces, for a template line that holds
 * only this output. Keys come out in the order the object was built, so callers control order.
 */
export function yamlBlock(value: unknown, indent: number): string {
  const text = stringify(value, YAML_OPTIONS).replace(/\n$/, '');
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? pad + line : line))
    .join('\n');
}

/**
 * Checks rendered text the way a reader will: it must parse, and with no warnings. A failure
 * here is a bug in a template, never a user error, so it throws a plain Error.
 */
export function assertValidYaml(text: string, file: string): void {
  for (const doc of parseAllDocuments(text)) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) {
      throw new Error(`internal error: template output for ${file} is not valid YAML: ${problems[0]!.message}`);
    }
  }
}
