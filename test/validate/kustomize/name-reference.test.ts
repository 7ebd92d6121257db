import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { KustomizeBuilder } from '../../../src/validate/kustomize/index.js';
import { FIXTURES, NO_BINARY, kustomizeBuild, sorted, withoutPath } from './parity-support.js';

const dir = join(FIXTURES, 'generator-namespaces');

test('parity: references follow a generated name only within its namespace, unset meaning default', { skip: NO_BINARY }, () => {
  const built = withoutPath(() => new KustomizeBuilder(FIXTURES).build(dir));
  assert.deepEqual(sorted(built.map(({ object }) => object)), sorted(kustomizeBuild(dir)));
});

test('a pod in "default" sees the unnamespaced ConfigMap; a pod in "other" sees only the Secret there', () => {
  const built = withoutPath(() => new KustomizeBuilder(FIXTURES).build(dir));
  const refs = (pod: string) => built.find(({ object }) => object.metadata.name === pod)!.object.spec.containers[0].envFrom.map((ref: any) => (ref.configMapRef ?? ref.secretRef).name);
  assert.deepEqual(
    refs('in-default').map((name: string) => /-[a-z0-9]{10}$/.test(name)),
    [true, false],
  );
  assert.deepEqual(
    refs('in-other').map((name: string) => /-[a-z0-9]{10}$/.test(name)),
    [false, true],
  );
});
