import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError, checkPromql, quote, resolveCoreDnsConfig } from '../../src/index.js';
import { tempDir } from '../support/tree.js';
import { refusedByGenerator, runGenerator, storyRepo } from './refusal.js';

const MB50 = 50 * 1024 * 1024;

/** The InputError message resolving `answers` throws. */
function refusal(answers: unknown): string {
  try {
    resolveCoreDnsConfig(answers);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error.message;
  }
  assert.fail('the answers were accepted');
}

describe('error text quotes a short prefix of a value, never the whole value', () => {
  test('quote() keeps 60 characters, then …(N characters), and escapes control characters', () => {
    assert.equal(quote('10.245.0.0/16'), '"10.245.0.0/16"');
    assert.equal(quote('x'.repeat(61)), `"${'x'.repeat(60)}…(61 characters)"`);
    assert.equal(quote('a\nb\r\u001b[31m'), '"a\\nb\\r\\x1b[31m"');
  });

  test('a 50 MB answer value in any string field is reported in under 4 KB', () => {
    const huge = 'x'.repeat(MB50);
    const message = refusal({
      clusters: [{ name: huge, serviceCidr: huge, dnsIp: huge }],
      chart: { version: huge, source: huge },
      dependsOn: [huge],
      serviceMonitorLabels: { [huge]: huge },
      alerts: { job: huge, down: { for: huge, severity: huge }, rules: [{ alert: huge, expr: huge, runbookUrl: huge, group: huge, summary: '${' + huge }] },
    });
    assert.ok(message.length < 4096, `message is ${message.length} characters`);
    assert.match(message, new RegExp(`- clusters\\[0\\]\\.name: "x{60}…\\(${MB50} characters\\)" is longer than 63 characters`));
    assert.match(message, /- serviceMonitorLabels\.x{60}…\(\d+ characters\): is not a Kubernetes label key/);
    assert.match(message, /- alerts\.rules\[0\]\.summary: contains "\$\{x{58}…\(\d+ characters\)": Flux's post-build substitution/);
    const fields = [
      'chart.version',
      'chart.source',
      'clusters[0].name',
      'clusters[0].serviceCidr',
      'dependsOn[0]',
      'alerts.job',
      'alerts.rules[0].group',
      'alerts.rules[0].runbookUrl',
      'alerts.down.for',
      'alerts.down.severity',
    ];
    for (const field of fields) assert.match(message, new RegExp(`\\n  - ${field.replace(/[.[\]]/g, '\\$&')}: "x{60}…\\(${MB50} characters\\)"`), field);
    const typeError = refusal({ clusters: [{ name: 'a', serviceCidr: '10.245.0.0/16', replicas: huge }] });
    assert.match(typeError, new RegExp(`- clusters\\[0\\]\\.replicas: expected a whole number, got string "x{60}…\\(${MB50} characters\\)"`));
    assert.ok(typeError.length < 512, `message is ${typeError.length} characters`);
  });

  test('a 200 KB cluster name given to platform:cluster is quoted as a prefix, and nothing is written', async () => {
    const dir = await storyRepo();
    const name = 'n'.repeat(200 * 1024);
    const message = await refusedByGenerator(dir, runGenerator('cluster', dir, { name, serviceCidr: '10.249.0.0/16' }), {
      field: '--name',
      says: new RegExp(`"n{60}…\\(${name.length} characters\\)" is longer than 63 characters`),
    });
    assert.ok(message.length < 1024, `message is ${message.length} characters`);
  });

  test('a 200 KB --service-cidrs value given to platform:coredns is quoted as a prefix, and nothing is written', async () => {
    const dir = tempDir();
    const cidr = `10.245.0.0/${'1'.repeat(200 * 1024)}`;
    const message = await refusedByGenerator(dir, runGenerator('coredns', dir, { clusters: 'infra', serviceCidrs: cidr }), {
      field: 'clusters[0].serviceCidr',
      says: /the prefix length "1{60}…\(204800 characters\)" is not a whole number/,
    });
    assert.ok(message.length < 1024, `message is ${message.length} characters`);
  });

  test('a PromQL error on a 1 MB line shows only the stretch around the error, with the caret under it', () => {
    const expr = `${'a'.repeat(1024 * 1024)} +`;
    const [error] = checkPromql(expr).errors;
    assert.ok(error);
    assert.ok(error.message.length + error.caret.length < 400, `${error.message.length + error.caret.length} characters`);
    const [line, caret] = error.caret.split('\n') as [string, string];
    assert.match(line, /^…a+ \+$/);
    assert.equal(caret.length, line.length + 1, 'the caret sits just past the end, where the operand is missing');
  });
});
