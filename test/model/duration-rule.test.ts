// One Prometheus duration rule: the model's equals the vendored PrometheusRule CRD's pattern
// (prometheus-operator), but for the empty string, which the model refuses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { DURATION } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';

test("the model's duration rule and the PrometheusRule CRD's agree on every sample", () => {
  const crd = parse(readFileSync(join(ROOT, 'src/validate/schemas/crds/monitoring.coreos.com_prometheusrules.yaml'), 'utf8'));
  const rule = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.groups.items.properties.rules.items.properties.for;
  const upstream = new RegExp(rule.pattern);
  const samples = ['0', '5m', '1h30m', '10ms', '1d2h', '1y2w3d4h5m6s7ms', '5m1h', '1h1h', '5', 'm', '1.5m', ' 5m', '5M', '-5m'];
  for (const sample of samples) assert.equal(DURATION.test(sample), upstream.test(sample), sample);
  assert.equal(DURATION.test(''), false);
});
