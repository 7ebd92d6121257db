import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { InputError, planCoreDnsDirectory, resolveCoreDnsConfig } from '../../src/index.js';

/** Pieces that break naive YAML or template output, mixed with plain text. */
const PIECES = [
  ': ',
  '#',
  ' # ',
  '${',
  '$${X}',
  '{{ $labels.pod }}',
  '{{',
  '}}',
  '<%',
  '%>',
  '<%=',
  '\n',
  '\r\n',
  '\t',
  '"',
  "'",
  '\\',
  '\\n',
  '---',
  '...',
  '- ',
  '? ',
  '&anchor',
  '*alias',
  '!!str',
  '|',
  '>',
  '@',
  '`',
  '%',
  '[',
  ']',
  '{',
  '}',
  ',',
  'null',
  'true',
  '~',
  '0x1F',
  '1e3',
  '.inf',
  '-',
  ' ',
  '  ',
  'é',
  '中文',
  '🙂',
  '\u00a0',
  '\u2028',
  '\u0007',
  'CoreDNS',
  'is down',
  '42',
];

/** A small deterministic PRNG (mulberry32), so a failure reproduces from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomText(random: () => number): string {
  const length = Math.floor(random() * 8);
  let text = '';
  for (let i = 0; i < length; i++) {
    text += random() < 0.7 ? PIECES[Math.floor(random() * PIECES.length)] : String.fromCharCode(32 + Math.floor(random() * 95));
  }
  return text;
}

describe('free text reaches YAML only through the serializer', () => {
  test('3000 random summaries and descriptions parse back to the exact string, or are refused with the field named', () => {
    const random = prng(20261125);
    let rendered = 0;
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const summary = randomText(random);
      const description = randomText(random);
      const answers = {
        clusters: [{ name: 'infra', serviceCidr: '10.245.0.0/16' }],
        alerts: { rules: [{ alert: 'CustomAlert', expr: 'vector(1)', summary, description }] },
      };
      let files;
      try {
        files = planCoreDnsDirectory(resolveCoreDnsConfig(answers));
      } catch (error) {
        // Refusing is fine (e.g. "${" would be eaten by Flux substitution), but only with the field named.
        assert.ok(error instanceof InputError, `seed case ${i}: ${(error as Error).message}`);
        assert.match(error.message, /alerts\.rules\[0\]\.(summary|description)/, `case ${i}`);
        refused++;
        continue;
      }
      const text = files.find((file) => file.path.endsWith('prometheusrule.yaml'))!.contents;
      const docs = parseAllDocuments(text);
      assert.equal(docs.length, 1, `case ${i}: one document`);
      assert.deepEqual(docs[0]!.errors, [], `case ${i}: parses`);
      const rule = (docs[0]!.toJS() as any).spec.groups[0].rules.at(-1);
      assert.equal(rule.alert, 'CustomAlert', `case ${i}`);
      assert.equal(rule.annotations.summary, summary, `case ${i}: summary ${JSON.stringify(summary)}`);
      assert.equal(rule.annotations.description, description, `case ${i}: description ${JSON.stringify(description)}`);
      rendered++;
    }
    assert.ok(rendered > 1000, `most cases render (${rendered} rendered, ${refused} refused)`);
  });
});
