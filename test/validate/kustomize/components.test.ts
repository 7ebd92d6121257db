import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { KustomizeBuilder } from '../../../src/validate/kustomize/index.js';
import { FIXTURES, NO_BINARY, kustomizeBuild, sorted, withoutPath } from './parity-support.js';

const overlay = join(FIXTURES, 'components', 'overlay');

test('parity: a component applied onto an overlay equals kubectl kustomize', { skip: NO_BINARY }, () => {
  const built = withoutPath(() => new KustomizeBuilder(FIXTURES).build(overlay));
  assert.deepEqual(sorted(built.map(({ object }) => object)), sorted(kustomizeBuild(overlay)));
});

test("a component adds its resources and generated objects, which take the includer's namespace", () => {
  const built = withoutPath(() => new KustomizeBuilder(FIXTURES).build(overlay));
  const monitor = built.find(({ object }) => object.kind === 'ServiceMonitor')!;
  assert.equal(monitor.object.metadata.namespace, 'api');
  assert.equal(monitor.file, 'components/monitoring/servicemonitor.yaml');
  const settings = built.find(({ object }) => object.kind === 'ConfigMap')!.object.metadata.name;
  assert.match(settings, /^monitoring-settings-[a-z0-9]{10}$/);
  const api = built.find(({ object }) => object.kind === 'Deployment')!.object;
  assert.equal(api.spec.template.spec.containers[0].envFrom[0].configMapRef.name, settings);
});

test('a component listed under resources is left to kustomize, which refuses it', { skip: NO_BINARY }, () => {
  const dir = join(FIXTURES, 'components', 'component-as-resource');
  assert.throws(
    () => new KustomizeBuilder(FIXTURES).build(dir),
    (error: any) => error.code === 'build-failed' && /Component/.test(error.message),
  );
});
