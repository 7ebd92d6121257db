import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { KustomizeBuilder } from '../../../src/validate/kustomize/index.js';
import { FIXTURES, NO_BINARY, kustomizeBuild, sorted, withoutPath } from './parity-support.js';

test('parity: crds without x-kubernetes extensions build in process and equal kubectl kustomize', { skip: NO_BINARY }, () => {
  const dir = join(FIXTURES, 'crds');
  const built = withoutPath(() => new KustomizeBuilder(FIXTURES).build(dir));
  assert.deepEqual(sorted(built.map(({ object }) => object)), sorted(kustomizeBuild(dir)));
  assert.equal(built[0]!.object.metadata.namespace, 'web');
});

test('crds with object references are left to kustomize', { skip: NO_BINARY }, () => {
  const dir = join(FIXTURES, 'crds-with-refs');
  assert.throws(() => withoutPath(() => new KustomizeBuilder(FIXTURES).build(dir)), /crds with x-kubernetes extensions/);
  assert.deepEqual(sorted(new KustomizeBuilder(FIXTURES).build(dir).map(({ object }) => object)), sorted(kustomizeBuild(dir)));
});
