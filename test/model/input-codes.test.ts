// Input rules that callers react to carry a stable code; the generators match the code, never the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DUPLICATE_ALERT_NAME, DUPLICATE_CLUSTER_NAME, InputError, resolveCoreDnsConfig } from '../../src/index.js';

const issuesOf = (answers: unknown) => {
  try {
    resolveCoreDnsConfig(answers);
  } catch (error) {
    assert.ok(error instanceof InputError);
    return error.issues;
  }
  assert.fail('no InputError');
};

test('cluster-name-duplicate: the second cluster of one name', () => {
  const issues = issuesOf({
    clusters: [
      { name: 'a', serviceCidr: '10.245.0.0/16' },
      { name: 'a', serviceCidr: '10.247.0.0/16' },
    ],
  });
  assert.deepEqual(
    issues.map((i) => [i.code, i.path]),
    [[DUPLICATE_CLUSTER_NAME, 'clusters[1].name']],
  );
  assert.equal(DUPLICATE_CLUSTER_NAME, 'cluster-name-duplicate');
});

test('alert-name-duplicate: a custom rule named like a default alert', () => {
  const issues = issuesOf({ clusters: [{ name: 'a', serviceCidr: '10.245.0.0/16' }], alerts: { rules: [{ alert: 'CoreDNSDown', expr: 'up == 0' }] } });
  assert.deepEqual(
    issues.map((i) => [i.code, i.path]),
    [[DUPLICATE_ALERT_NAME, 'alerts.rules[0].alert']],
  );
  assert.equal(DUPLICATE_ALERT_NAME, 'alert-name-duplicate');
});
