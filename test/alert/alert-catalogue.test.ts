import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALERT_PRESETS, checkPromql, findPreset, formatCatalogue, resolveCoreDnsConfig } from '../../src/index.js';
import { STORY_ANSWERS } from '../support/story.js';

const SEL = 'job="coredns-metrics",namespace="kube-system"';
const exprOf = (name: string) => findPreset(name)!.expr(SEL);

describe('alert catalogue', () => {
  test('covers the upstream set: errors warning and critical, latency, down, forward health, panics', () => {
    const names = ALERT_PRESETS.map((preset) => preset.name);
    for (const name of ['errors-warning', 'errors-critical', 'latency-critical', 'down', 'forward-healthcheck-broken', 'panics']) assert.ok(names.includes(name), name);
    assert.equal(new Set(names).size, names.length, 'preset names are unique');
    assert.equal(new Set(ALERT_PRESETS.map((p) => p.alert)).size, names.length, 'alert names are unique');
  });

  test("the thresholds are the mixin's: SERVFAIL share 1 % / 3 %, p99 4 s, no target up, any panic", () => {
    assert.match(exprOf('errors-warning'), /rcode="SERVFAIL"\}\[5m\]\)\)\n {2}\/\nsum without \([^)]*\) \(rate\(coredns_dns_responses_total\{[^}]*\}\[5m\]\)\)\n {2}> 0\.01$/);
    assert.match(exprOf('errors-critical'), /> 0\.03$/);
    assert.equal(findPreset('errors-warning')!.severity, 'warning');
    assert.equal(findPreset('errors-critical')!.severity, 'critical');
    assert.match(exprOf('latency-critical'), /^histogram_quantile\(0\.99,\n {2}sum without \(instance, pod\) \(rate\(coredns_dns_request_duration_seconds_bucket\{[^}]*\}\[5m\]\)\)\n\) > 4$/);
    assert.equal(exprOf('down'), `absent(up{${SEL}} == 1)`);
    assert.match(exprOf('panics'), /^increase\(coredns_panics_total\{[^}]*\}\[\d+m\]\) > 0$/);
    assert.match(exprOf('forward-healthcheck-broken'), /coredns_forward_healthcheck_broken_total/);
  });

  test('every preset parses and uses only metrics CoreDNS 1.11+ exports, on the given job', () => {
    for (const preset of ALERT_PRESETS) {
      const check = checkPromql(preset.expr(SEL));
      assert.deepEqual(check.errors, [], preset.name);
      assert.deepEqual(check.warnings, [], preset.name);
      assert.ok(check.metrics.length > 0, preset.name);
      assert.match(preset.expr('job="j"'), /job="j"/, `${preset.name} selects on the job label`);
    }
  });

  test('build() gives exactly the rule the model resolves for {preset}', () => {
    const config = resolveCoreDnsConfig({ ...STORY_ANSWERS, alerts: { rules: ALERT_PRESETS.map((preset) => ({ preset: preset.name })) } });
    assert.deepEqual(
      config.alerts.rules,
      ALERT_PRESETS.map((preset) => preset.build(SEL)),
    );
  });

  test('--list shows a header and every preset with its alert, severity and what it watches', () => {
    const [header, ...rows] = formatCatalogue().split('\n');
    assert.match(header!, /^PRESET +ALERT +SEVERITY +WATCHES \(METRIC\)$/);
    assert.equal(rows.length, ALERT_PRESETS.length);
    ALERT_PRESETS.forEach((preset, index) => {
      const row = rows[index]!;
      assert.ok(row.startsWith(`${preset.name} `), row);
      assert.ok(row.includes(` ${preset.alert} `) && row.includes(` ${preset.severity} `) && row.endsWith(preset.watches), row);
      assert.match(preset.watches, /\((coredns_|up\))/, `${preset.name} names its metric`);
    });
  });
});
