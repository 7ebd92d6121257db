import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BuildError, KustomizeBuilder } from '../../../src/validate/kustomize/index.js';
import { applyJsonPatch, applyKustomization, matchesSelector, rewriteImage, splitImage, strategicMerge } from '../../../src/validate/kustomize/transformers/index.js';

const noFiles = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};
const deployment = (name: string, namespace?: string): Record<string, any> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
});
const patch = (text: string): { patch: string } => ({ patch: text });

describe('kustomize transformers: what the parity fixtures do not reach', () => {
  test('image references split around registry ports, tags and digests', () => {
    assert.deepEqual(splitImage('localhost:5000/app:1.2@sha256:ab'), { name: 'localhost:5000/app', tag: '1.2', digest: 'sha256:ab' });
    assert.deepEqual(splitImage('localhost:5000/app'), { name: 'localhost:5000/app', tag: '', digest: '' });
    assert.equal(rewriteImage('app:1', { name: 'app', tagSuffix: '-debug' }), 'app:1-debug');
    assert.equal(rewriteImage('application:1', { name: 'app', newTag: '2' }), 'application:1', 'the name is anchored');
  });

  test('label selectors: equality, inequality, sets and existence', () => {
    const labels = { tier: 'web', env: 'prod' };
    assert.ok(matchesSelector('tier=web,env!=dev', labels));
    assert.ok(matchesSelector('env in (prod, stage),!missing,tier', labels));
    assert.ok(!matchesSelector('env notin (prod)', labels));
    assert.ok(!matchesSelector('tier==api', labels));
  });

  test('a list without merge key in a built-in kind is replaced; a $patch: replace list replaces a keyed one', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', spec: { tolerations: [{ key: 'a' }], containers: [{ name: 'x' }, { name: 'y' }] } };
    const out = strategicMerge(pod, { spec: { tolerations: [{ key: 'b' }], containers: [{ $patch: 'replace' }, { name: 'z' }] } })!;
    assert.deepEqual(out.spec.tolerations, [{ key: 'b' }]);
    assert.deepEqual(out.spec.containers, [{ name: 'z' }]);
  });

  test('finalizers merge as a set', () => {
    const out = strategicMerge({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { finalizers: ['a'] } }, { metadata: { finalizers: ['a', 'b'] } })!;
    assert.deepEqual(out.metadata.finalizers, ['a', 'b']);
  });

  test('JSON patch operations that do not apply are errors', () => {
    assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }]), /does not exist/);
    assert.throws(() => applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/5', value: 2 }]), /out of bounds/);
    assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]), /test failed/);
  });

  test('a strategic merge patch without target must name exactly one object', () => {
    const none = patch('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nope\nspec:\n  replicas: 2\n');
    assert.throws(() => applyKustomization([deployment('web')], { patches: [none] }, noFiles), /no resources match/);
    const other = patch('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: other\nspec:\n  replicas: 2\n');
    assert.throws(() => applyKustomization([deployment('web')], { patches: [other] }, noFiles), /no resources match/);
  });

  test('a JSON patch needs a target; a strategic merge patch keeps name and namespace unless allowed to change them', () => {
    assert.throws(() => applyKustomization([deployment('web')], { patches: [patch('- op: remove\n  path: /spec\n')] }, noFiles), /target/);
    const rename = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: renamed\n';
    const target = { kind: 'Deployment' };
    assert.equal(applyKustomization([deployment('web')], { patches: [{ ...patch(rename), target }] }, noFiles)[0]!.metadata.name, 'web');
    const allowed = { ...patch(rename), target, options: { allowNameChange: true } };
    assert.equal(applyKustomization([deployment('web')], { patches: [allowed] }, noFiles)[0]!.metadata.name, 'renamed');
  });

  test('kinds kustomize does not know are namespaced, even cluster-sounding ones', () => {
    const issuer = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'le' } };
    const [out] = applyKustomization([issuer], { namespace: 'x' }, noFiles);
    assert.equal(out!.metadata.namespace, 'x');
    assert.equal(Object.hasOwn(issuer.metadata, 'namespace'), false, 'the input is not modified');
  });

  test('the builder reports a failing transformer as a build error of the kustomization file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'transform-error-'));
    try {
      writeFileSync(join(dir, 'deploy.yaml'), JSON.stringify(deployment('web')));
      writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [deploy.yaml]\npatches:\n  - path: missing.yaml\n');
      assert.throws(
        () => new KustomizeBuilder(dir).build(dir),
        (error: BuildError) => error.code === 'build-transform-failed' && error.file === 'kustomization.yaml',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
