// Every folder the depth answers generate builds with kubectl kustomize, and holds what it should.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { generateCoreDnsRepo } from '../../src/index.js';
import { listFiles, tempDir } from '../support/tree.js';
import { depthAnswers } from './depth-answers.js';
import { KUBECTL_ON_PATH } from '../support/kubectl.js';

const kubectl = KUBECTL_ON_PATH;

const ids = (dir: string) =>
  parseAllDocuments(execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' }))
    .map((doc) => doc.toJS() as Record<string, any>)
    .map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    .sort();

describe('kubectl kustomize on the depth tree', { skip: !kubectl && 'kubectl not on PATH' }, () => {
  const dir = tempDir();
  generateCoreDnsRepo(dir, depthAnswers());
  const folder = (path: string) => join(dir, path);

  test('every folder with a kustomization.yaml builds', () => {
    const folders = listFiles(dir)
      .filter((file) => file.endsWith('/kustomization.yaml'))
      .map((file) => file.slice(0, -'/kustomization.yaml'.length));
    assert.deepEqual(folders.sort(), [
      'kubernetes/infrastructure',
      'kubernetes/infrastructure/networking',
      'kubernetes/infrastructure/networking/coredns',
      'kubernetes/infrastructure/networking/coredns-monitoring',
    ]);
    for (const path of folders) assert.ok(ids(folder(path)).length > 0, path);
  });

  test('coredns/ holds the release and its source only; coredns-monitoring/ the ServiceMonitor and PrometheusRule', () => {
    assert.deepEqual(ids(folder('kubernetes/infrastructure/networking/coredns')), ['HelmRelease/kube-system/coredns', 'HelmRepository/kube-system/coredns']);
    assert.deepEqual(ids(folder('kubernetes/infrastructure/networking/coredns-monitoring')), ['PrometheusRule/kube-system/coredns', 'ServiceMonitor/kube-system/coredns']);
  });

  test('networking/ applies each folder through its own Flux Kustomization, monitoring after coredns', () => {
    const built = parseAllDocuments(execFileSync('kubectl', ['kustomize', folder('kubernetes/infrastructure/networking')], { encoding: 'utf8' })).map((d) => d.toJS() as Record<string, any>);
    assert.deepEqual(built.map((o) => o.metadata.name).sort(), ['coredns', 'coredns-monitoring']);
    const monitoring = built.find((o) => o.metadata.name === 'coredns-monitoring')!;
    assert.deepEqual(monitoring.spec.dependsOn, [{ name: 'coredns' }, { name: 'kube-prometheus-stack-crds' }]);
    assert.equal(monitoring.spec.path, './kubernetes/infrastructure/networking/coredns-monitoring');
    const coredns = built.find((o) => o.metadata.name === 'coredns')!;
    assert.ok(!JSON.stringify(coredns.spec.dependsOn ?? []).includes('prometheus'), 'DNS never waits for monitoring');
  });

  test('each cluster folder builds with its values ConfigMap in kube-system (a kustomization as Flux generates it)', () => {
    for (const cluster of ['infra', 'apps', 'dual']) {
      const path = folder(`kubernetes/clusters/${cluster}`);
      const files = listFiles(path);
      assert.ok(files.includes('coredns-values.yaml'), cluster);
      // Flux generates `resources: [every yaml]` for a folder without a kustomization.yaml.
      const generated = join(tempDir(), cluster);
      execFileSync('cp', ['-r', path, generated]);
      execFileSync('sh', ['-c', `printf 'resources:\\n%s\\n' "$(ls *.yaml | sed 's/^/  - /')" > kustomization.yaml`], { cwd: generated });
      assert.ok(ids(generated).includes('ConfigMap/kube-system/coredns-values'), cluster);
    }
  });
});
