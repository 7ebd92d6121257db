import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { KustomizeBuilder } from '../../../src/validate/kustomize/index.js';
import { BINARY, FIXTURES, NO_BINARY, withoutPath } from './parity-support.js';

const folder = join(FIXTURES, 'fallback');

test('a folder using a field the in-process builder lacks is built with kustomize from PATH, objects keep their files', { skip: NO_BINARY }, () => {
  const built = new KustomizeBuilder(FIXTURES).build(folder);
  const deployment = built.find(({ object }) => object.kind === 'Deployment')!;
  assert.equal(deployment.object.spec.replicas, 3);
  assert.equal(deployment.file, 'fallback/app/deployment.yaml');
  assert.equal(built.find(({ object }) => object.kind === 'Service')!.file, 'fallback/app/service.yaml');
  // The folder around it, without a kustomization, is still generated in process.
  assert.equal(built.find(({ object }) => object.kind === 'Namespace')!.file, 'fallback/namespace.yaml');
});

test('build-unsupported: without kustomize or kubectl, the error names the feature, the kustomization and the fix', () => {
  assert.throws(() => withoutPath(() => new KustomizeBuilder(FIXTURES).build(folder)), (error: any) => {
    assert.equal(error.code, 'build-unsupported');
    assert.equal(error.file, 'fallback/app/kustomization.yaml');
    assert.match(error.message, /"replicas".*install kustomize or kubectl/);
    return true;
  });
});

test('an explicit binary builds every kustomization with it', { skip: NO_BINARY }, () => {
  const built = withoutPath(() => new KustomizeBuilder(FIXTURES, BINARY).build(join(folder, 'app')));
  assert.equal(built.find(({ object }) => object.kind === 'Deployment')!.object.spec.replicas, 3);
});
