// The engine's helm.template problems (engine/internal/helmrender), each triggered through the client.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { Engine } from '../../../src/engine/index.js';
import { ROOT } from '../../support/package-paths.js';

const FIXTURES = join(ROOT, 'test/fixtures/charts');
const release = () => parse(readFileSync(join(FIXTURES, 'demo-helmrelease.yaml'), 'utf8'));
const sources = () => parseAllDocuments(readFileSync(join(FIXTURES, 'demo-values-sources.yaml'), 'utf8')).map((doc) => doc.toJS());

const engine = new Engine();
after(() => engine.close());

async function problem(params: Record<string, unknown>) {
  const outcome = await engine.request('helm.template', { helmRelease: release(), chart: join(FIXTURES, 'demo'), chartRoots: [FIXTURES], valuesSources: sources(), kubeVersion: '1.31.0', ...params });
  assert.ok(!outcome.ok, 'the render should fail');
  return outcome.problem;
}

test('helm-chart-missing: a chart version not in the cache names its path and `charts pull`', async () => {
  const chart = join(FIXTURES, 'demo-9.9.9.tgz');
  const found = await problem({ chart });
  assert.equal(found.code, 'helm-chart-missing');
  assert.equal(found.file, chart);
  assert.match(found.message, /platform-gitops charts pull/);
});

test('helm-values-invalid: a valuesFrom ConfigMap the cluster lacks is named', async () => {
  const found = await problem({ valuesSources: sources().slice(1) });
  assert.equal(found.code, 'helm-values-invalid');
  assert.match(found.message, /ConfigMap chart values reference 'flux-system\/web-values'/);
});

test('helm-render-failed: a cluster older than the chart’s kubeVersion', async () => {
  const found = await problem({ kubeVersion: '1.24.0' });
  assert.equal(found.code, 'helm-render-failed');
  assert.match(found.message, /HelmRelease flux-system\/web, chart demo 0\.1\.0: .*chart requires kubeVersion: >=1\.25\.0-0/);
});
