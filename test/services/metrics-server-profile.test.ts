// metrics-server's chart profile is generated from its vendored chart (scripts/generate-chart-profiles.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { METRICS_SERVER_CHART } from '../../src/services/metrics-server/index.js';
import { METRICS_SERVER_PROFILES } from '../../src/services/metrics-server/metrics-server-profiles.generated.js';
import { ROOT } from '../support/package-paths.js';

const VERSION = METRICS_SERVER_CHART.defaultVersion;
const values = parse(readFileSync(join(ROOT, 'test/fixtures/charts/metrics-server', VERSION, 'values.yaml'), 'utf8')) as Record<string, unknown>;

test('the metrics-server profile of the default chart version holds every top-level key of its values.yaml, and its defaults are the chart’s', () => {
  const profiles = METRICS_SERVER_PROFILES.filter((profile) => profile.versions.includes(VERSION));
  assert.equal(profiles.length, 1, `one generated profile covers ${VERSION}`);
  const [{ chart, shape, defaults }] = profiles as [(typeof profiles)[number]];
  assert.equal(chart, METRICS_SERVER_CHART.chart);
  assert.ok(typeof shape === 'object', 'the shape lists the chart’s keys');
  assert.deepEqual(
    Object.keys(values).filter((key) => !(key in shape)),
    [],
    'keys of values.yaml absent from the profile',
  );
  assert.equal(defaults.replicas, values.replicas);
  const pdb = values.podDisruptionBudget as Record<string, unknown>;
  assert.deepEqual(defaults.podDisruptionBudget, { enabled: pdb.enabled, minAvailable: pdb.minAvailable, maxUnavailable: pdb.maxUnavailable });
});
