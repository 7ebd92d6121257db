import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { KustomizeBuilder } from '../../../src/validate/kustomize/index.js';
import { FIXTURES, NO_BINARY, kustomizeBuild, sorted, withoutPath } from './parity-support.js';

describe('configMapGenerator and secretGenerator, in process', () => {
  const dir = join(FIXTURES, 'generators');
  const built = withoutPath(() => new KustomizeBuilder(FIXTURES).build(dir));
  const named = (kind: string, prefix: string) => built.find(({ object }) => object.kind === kind && object.metadata.name.startsWith(prefix))!;

  test('parity: equals kubectl kustomize of the same folder', { skip: NO_BINARY }, () => {
    assert.deepEqual(sorted(built.map(({ object }) => object)), sorted(kustomizeBuild(dir)));
  });

  test("hash suffixes are kustomize's, and references follow them", () => {
    assert.equal(named('ConfigMap', 'app-config').object.metadata.name, 'app-config-dmb4k66h59');
    const web = named('Deployment', 'web').object.spec.template.spec;
    assert.equal(web.volumes[0].configMap.name, 'app-config-dmb4k66h59');
    assert.equal(web.volumes[1].configMap.name, 'fixed-name');
    assert.equal(web.containers[0].env[2].valueFrom.configMapKeyRef.name, 'not-generated');
  });

  test("a base's generated name is hashed once, by the top build, and its references follow", () => {
    const worker = named('ConfigMap', 'worker-settings').object.metadata.name;
    assert.match(worker, /^worker-settings-[a-z0-9]{10}$/);
    assert.equal(named('CronJob', 'worker').object.spec.jobTemplate.spec.template.spec.containers[0].envFrom[0].configMapRef.name, worker);
  });

  test('generated objects are attributed to the kustomization that generated them', () => {
    assert.equal(named('Secret', 'credentials').file, 'generators/kustomization.yaml');
    assert.equal(named('Deployment', 'web').file, 'generators/deployment.yaml');
  });
});

test('parity: CRLF env files and single-quoted literals (git would normalise them in a fixture)', { skip: NO_BINARY }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kustomize-generators-'));
  writeFileSync(join(dir, 'kustomization.yaml'), 'configMapGenerator:\n  - name: c\n    envs: [win.env]\n    literals:\n      - "Q=\'single\'"\n');
  writeFileSync(join(dir, 'win.env'), 'A=1\r\nB= spaced \r\n');
  const built = withoutPath(() => new KustomizeBuilder(dir).build(dir));
  assert.deepEqual(built[0]!.object.data, { A: '1', B: ' spaced ', Q: 'single' });
  assert.deepEqual(sorted(built.map(({ object }) => object)), sorted(kustomizeBuild(dir)));
});
