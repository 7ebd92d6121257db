import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertOnly, check, coreDnsObjects, coreDnsRule, prometheusRule } from './support.js';

describe('PrometheusRule', () => {
  test('promql-syntax: an expression that does not parse', () => {
    const findings = check(coreDnsObjects((o) => (o.rule.spec.groups[0].rules[1].expr = 'sum(rate(coredns_dns_responses_total{{job="coredns-metrics"}[5m]))')));
    assertOnly(findings, { code: 'promql-syntax', severity: 'error', path: 'spec.groups[0].rules[1].expr', message: /line 1, column/ });
  });

  test('promql-unknown-metric: a metric CoreDNS no longer exports', () => {
    const findings = check(coreDnsObjects((o) => (o.rule.spec.groups[0].rules[1].expr = 'rate(coredns_forward_request_duration_seconds_bucket{job="coredns-metrics"}[5m]) > 1')));
    assertOnly(findings, { code: 'promql-unknown-metric', severity: 'warning', path: 'spec.groups[0].rules[1].expr' });
  });

  test('alert-job-mismatch: a CoreDNS alert on a job the ServiceMonitor does not produce', () => {
    const findings = check(coreDnsObjects((o) => (o.rule = coreDnsRule('coredns'))));
    // Both rules select job="coredns"; each is reported at its own expression.
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, f.path]),
      [
        ['alert-job-mismatch', 'warning', 'spec.groups[0].rules[0].expr'],
        ['alert-job-mismatch', 'warning', 'spec.groups[0].rules[1].expr'],
      ],
    );
    assert.match(findings[0]!.message, /job="coredns-metrics"/);
  });

  test("alert-job-mismatch is not reported on other charts' alerts beside CoreDNS", () => {
    const certManager = prometheusRule('cert-manager', ['absent(up{job="cert-manager"})', 'certmanager_certificate_expiration_timestamp_seconds{job="cert-manager"} - time() < 86400']);
    assert.deepEqual(check([...coreDnsObjects(), certManager]), []);
  });

  test('alert-job-mismatch is not reported when no CoreDNS release is monitored', () => {
    const findings = check(
      coreDnsObjects((o) => {
        o.rule = coreDnsRule('coredns');
        o.release.spec.values.prometheus.monitor.enabled = false;
      }),
    );
    assert.deepEqual(findings, []);
  });
});
