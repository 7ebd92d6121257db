import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  assert.throws(
    () => withoutPath(() => new KustomizeBuilder(FIXTURES).build(folder)),
    (error: any) => {
      assert.equal(error.code, 'build-unsupported');
      assert.equal(error.file, 'fallback/app/kustomization.yaml');
      assert.match(error.message, /"replicas".*install kustomize or kubectl/);
      return true;
    },
  );
});

test('an explicit binary builds every kustomization with it', { skip: NO_BINARY }, () => {
  const built = withoutPath(() => new KustomizeBuilder(FIXTURES, BINARY).build(join(folder, 'app')));
  assert.equal(built.find(({ object }) => object.kind === 'Deployment')!.object.spec.replicas, 3);
});

test('two folders sharing a base that falls back are both built (no false cycle after the first fallback)', { skip: NO_BINARY }, () => {
  const repo = mkdtempSync(join(tmpdir(), 'kustomize-shared-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  write('shared/kustomization.yaml', 'resources: [list.yaml]\n');
  // A List is expanded by kustomize, not in process: the shared base falls back midway through.
  write('shared/list.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: shared\n');
  for (const app of ['a', 'b']) write(`root/${app}/kustomization.yaml`, `namespace: ${app}\nresources: [../../shared]\n`);
  const built = new KustomizeBuilder(repo).build(join(repo, 'root'));
  assert.deepEqual(
    built.map(({ object }) => `${object.metadata.namespace}/${object.metadata.name}`),
    ['a/shared', 'b/shared'],
  );
  assert.deepEqual(
    built.map(({ file }) => file),
    ['root/a/kustomization.yaml', 'root/b/kustomization.yaml'],
  );
});
