import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError, checkPromql, resolveCoreDnsConfig } from '../../src/index.js';
import { STORY_ANSWERS } from '../support/story.js';

describe('checkPromql: syntax', () => {
  test('a valid expression has no error and lists its metrics', () => {
    const check = checkPromql('sum without (pod) (rate(coredns_dns_responses_total{rcode="SERVFAIL"}[5m])) / sum(rate(coredns_dns_responses_total[5m])) > 0.01');
    assert.deepEqual(check.errors, []);
    assert.deepEqual(check.warnings, []);
    assert.deepEqual(check.metrics, ['coredns_dns_responses_total', 'coredns_dns_responses_total']);
  });

  test('a syntax error comes with line, column and a caret under it', () => {
    const check = checkPromql('sum(rate(coredns_dns_requests_total[5m])\n  > 1');
    assert.equal(check.errors.length, 1);
    const [error] = check.errors;
    assert.deepEqual([error!.line, error!.column], [2, 6]);
    assert.match(error!.message, /at line 2, column 6$/);
    assert.equal(error!.caret, '  > 1\n     ^');
  });

  test('an unexpected token is quoted and pointed at', () => {
    const [error] = checkPromql('up{job="x"} === 0').errors;
    assert.ok(error);
    assert.deepEqual([error.line, error.column], [1, 15]);
    assert.match(error.message, /unexpected "="/);
    assert.equal(error.caret, 'up{job="x"} === 0\n              ^');
  });

  test('a misspelt function is named as such', () => {
    const [error] = checkPromql('ratee(coredns_panics_total[5m]) > 0').errors;
    assert.ok(error);
    assert.match(error.message, /"ratee" is not a PromQL function or aggregation at line 1, column 6/);
  });

  test('an empty expression is an error', () => {
    assert.equal(checkPromql('  ').errors.length, 1);
  });
});

describe('checkPromql: CoreDNS metrics', () => {
  test('a forward metric removed in CoreDNS 1.11 is a warning naming its replacement', () => {
    const check = checkPromql('rate(coredns_forward_requests_total[5m]) > 0 or coredns_forward_healthcheck_failures_total > 0');
    assert.deepEqual(check.errors, []);
    assert.deepEqual(
      check.warnings.map((w) => [w.metric, w.replacement]),
      [
        ['coredns_forward_requests_total', 'coredns_proxy_request_duration_seconds_count{proxy_name="forward"}'],
        ['coredns_forward_healthcheck_failures_total', 'coredns_proxy_healthcheck_failures_total'],
      ],
    );
    assert.match(check.warnings[0]!.message, /removed in CoreDNS 1\.11.*use coredns_proxy_request_duration_seconds_count\{proxy_name="forward"\}/);
  });

  test('the removed duration histogram points at coredns_proxy_request_duration_seconds', () => {
    const [warning] = checkPromql('histogram_quantile(0.99, sum by (le) (rate(coredns_forward_request_duration_seconds_bucket[5m]))) > 1').warnings;
    assert.equal(warning?.replacement, 'coredns_proxy_request_duration_seconds_bucket{proxy_name="forward"}');
  });

  test('metric names given as {__name__="…"} or {"…"} are checked too', () => {
    const check = checkPromql('{__name__="coredns_forward_responses_total", rcode="SERVFAIL"} > 0 or {"coredns_forward_requests_total"} > 0');
    assert.deepEqual(
      check.warnings.map((w) => w.metric),
      ['coredns_forward_responses_total', 'coredns_forward_requests_total'],
    );
  });

  test('label names that look like metrics are not metrics', () => {
    const check = checkPromql('sum by (coredns_forward_requests_total) (coredns_dns_requests_total) > 0');
    assert.deepEqual(check.metrics, ['coredns_dns_requests_total']);
    assert.deepEqual(check.warnings, []);
  });

  test("an unknown coredns_ metric is a warning; histogram series and other jobs' metrics are not", () => {
    const check = checkPromql('coredns_dns_request_duration_seconds_bucket > 0 or coredns_dns_request_total > 0 or node_load1 > 0');
    assert.deepEqual(
      check.warnings.map((w) => w.metric),
      ['coredns_dns_request_total'],
    );
    assert.equal(check.warnings[0]!.replacement, undefined);
  });
});

describe('the model checks custom rule expressions', () => {
  const withRule = (expr: string) => ({ ...STORY_ANSWERS, alerts: { rules: [{ alert: 'CoreDNSCustom', expr }] } });

  test('a PromQL syntax error is an issue at alerts.rules[i].expr, with its position', () => {
    assert.throws(
      () => resolveCoreDnsConfig(withRule('sum(rate(coredns_panics_total[5m])')),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.deepEqual(
          error.issues.map((issue) => issue.path),
          ['alerts.rules[0].expr'],
        );
        assert.match(error.issues[0]!.message, /PromQL syntax error: .*line 1, column 35/);
        assert.match(error.issues[0]!.message, /\n *\^/);
        return true;
      },
    );
  });

  test('a valid expression resolves as written, even on a removed metric (that is only a warning)', () => {
    const config = resolveCoreDnsConfig(withRule('rate(coredns_forward_requests_total[5m]) > 0'));
    assert.equal(config.alerts.rules[0]!.expr, 'rate(coredns_forward_requests_total[5m]) > 0');
  });
});
