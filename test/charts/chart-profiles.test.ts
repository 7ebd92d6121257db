import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHART_VERSIONS, COREDNS_CHART_PROFILE, DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION, findChartProfile } from '../../src/index.js';
import { COREDNS_CHART_PROFILES } from '../../src/model/index.js';
import { goldenReleaseValues, pathsOutside } from '../support/chart-fixtures.js';

describe('coredns chart profiles', () => {
  test('every catalogued version has exactly one profile; others have none', () => {
    for (const { version } of CHART_VERSIONS) {
      assert.equal(COREDNS_CHART_PROFILES.filter((profile) => profile.versions.includes(version)).length, 1, version);
      assert.ok(findChartProfile('coredns', version)?.versions.includes(version), version);
    }
    assert.equal(findChartProfile('coredns', '1.99.0'), undefined);
    assert.equal(findChartProfile('coredns', '1.37.3'), undefined);
    assert.equal(findChartProfile('other-chart', DEFAULT_CHART_VERSION), undefined);
    assert.ok(COREDNS_CHART_PROFILE.versions.includes(DEFAULT_CHART_VERSION));
  });

  for (const version of [DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION]) {
    test(`every values key the golden HelmRelease sets has a place in the ${version} profile`, () => {
      const values = goldenReleaseValues();
      assert.ok(Object.keys(values).length > 10, 'the golden release has values');
      assert.deepEqual(pathsOutside(values, findChartProfile('coredns', version)!.shape), []);
    });
  }

  test('keys the chart never read are outside the profiles', () => {
    const wrong = { serviceMonitor: { enabled: true }, livenessProbe: { httpGet: { path: '/health' } }, service: { clusterIP: '10.0.0.10' } };
    for (const version of [DEFAULT_CHART_VERSION, NEWEST_CHART_VERSION]) {
      assert.deepEqual(pathsOutside(wrong, findChartProfile('coredns', version)!.shape), ['serviceMonitor.enabled', 'livenessProbe.httpGet.path']);
    }
  });

  test('the checked defaults come from the chart', () => {
    const defaults = COREDNS_CHART_PROFILE.defaults as Record<string, any>;
    assert.equal(defaults.replicaCount, 1);
    assert.equal(defaults.isClusterService, true);
    assert.deepEqual(defaults.securityContext.capabilities, { add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
    assert.equal(defaults.servers[0].port, 53);
  });
});
