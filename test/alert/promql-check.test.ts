import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALERT_PRESETS, checkPromql, formatCatalogue } from '../../src/index.js';

describe('checkPromql', () => {
  test('a valid expression has no error and lists its metrics', () => {
    const check = checkPromql('sum without (pod) (rate(coredns_dns_responses_total{rcode="SERVFAIL"}[5m])) / sum(rate(coredns_dns_responses_total[5m])) > 0.01');
    assert.deepEqual(check.errors, []);
    assert.deepEqual(check.warnings, []);
    assert.deepEqual([...new Set(check.metrics)], ['coredns_dns_responses_total']);
  });

  test('a syntax error comes with line, column and a caret', () => {
    const check = checkPromql('sum(rate(coredns_dns_requests_total[5m])\n  > 1');
    assert.equal(check.errors.length, 1);
    const [error] = check.errors;
    assert.equal(error!.line, 2);
    assert.match(error!.message, /line 2, column \d+/);
    assert.match(error!.caret, /^ {2}> 1\n *\^$/);
  });

  test('an unknown token is named', () => {
    const [error] = checkPromql('up{job="x"} === 0').errors;
    assert.ok(error);
    assert.equal(error.line, 1);
    assert.match(error.caret, /\^$/);
  });

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
  });

  test('a coredns_ metric that does not exist is a warning; histogram series and other jobs\' metrics are not', () => {
    const check = checkPromql('coredns_dns_request_duration_seconds_bucket > 0 or coredns_dns_request_total > 0 or node_load1 > 0');
    assert.deepEqual(check.warnings.map((w) => w.metric), ['coredns_dns_request_total']);
  });
});

describe('alert catalogue', () => {
  test('covers the upstream set: errors warning and critical, latency, down, forward health, panics', () => {
    const names = ALERT_PRESETS.map((preset) => preset.name);
    for (const name of ['errors-warning', 'errors-critical', 'latency-critical', 'down', 'forward-healthcheck-broken', 'panics']) assert.ok(names.includes(name), name);
  });

  test('every preset parses and uses only metrics CoreDNS 1.11+ exports', () => {
    for (const preset of ALERT_PRESETS) {
      const check = checkPromql(preset.expr('job="coredns-metrics",namespace="kube-system"'));
      assert.deepEqual(check.errors, [], preset.name);
      assert.deepEqual(check.warnings, [], preset.name);
      assert.match(preset.expr('job="j"'), /job="j"/, `${preset.name} selects on the job label`);
    }
  });

  test('--list shows every preset with its alert, severity and what it watches', () => {
    const listing = formatCatalogue();
    for (const preset of ALERT_PRESETS) {
      const line = listing.split('\n').find((row) => row.startsWith(`${preset.name} `));
      assert.ok(line, preset.name);
      assert.ok(line.includes(preset.alert) && line.includes(preset.severity) && line.includes(preset.watches), line);
    }
  });
});
