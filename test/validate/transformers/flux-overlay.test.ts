import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseAllDocuments, parse, stringify } from 'yaml';
import { applyFluxKustomizationSpec } from '../../../src/validate/flux/index.js';
import { KustomizeBuilder, type BuiltObject } from '../../../src/validate/kustomize/index.js';
import { ROOT } from '../../support/package-paths.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'transformers');
const APP = join(FIXTURES, 'flux-overlay', 'app');
const readFile = (path: string): string => readFileSync(join(APP, path), 'utf8');
const built = (): BuiltObject[] => new KustomizeBuilder(FIXTURES).build(APP);
const find = (objects: BuiltObject[], kind: string, name: string): Record<string, any> => {
  const found = objects.find(({ object }) => object.kind === kind && object.metadata?.name === name);
  assert.ok(found, `${kind} ${name} is built`);
  return found.object;
};

const CHILD_PATCH = {
  patch: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: all\nspec:\n  interval: 5m\n  prune: true\n',
  target: { group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' },
};

describe('Flux Kustomization spec over a built path', () => {
  test('spec.patches set interval and prune on every child Kustomization, not on the HelmRelease', () => {
    const out = applyFluxKustomizationSpec(built(), { path: './app', patches: [CHILD_PATCH] }, readFile);
    for (const name of ['child-a', 'child-b']) {
      const child = find(out, 'Kustomization', name);
      assert.equal(child.spec.interval, '5m');
      assert.equal(child.spec.prune, true);
      assert.equal(child.spec.sourceRef.name, 'flux-system', 'the rest of the spec is merged, not replaced');
    }
    assert.equal(find(out, 'HelmRelease', 'podinfo').spec.interval, '30m');
  });

  test('targetNamespace moves namespaced objects, children included, but not their own targetNamespace', () => {
    const out = applyFluxKustomizationSpec(built(), { targetNamespace: 'team' }, readFile);
    assert.equal(find(out, 'Deployment', 'web').metadata.namespace, 'team');
    assert.equal(find(out, 'Kustomization', 'child-a').metadata.namespace, 'team');
    assert.equal(find(out, 'HelmRelease', 'podinfo').metadata.namespace, 'team');
    assert.equal(find(out, 'Kustomization', 'child-a').spec.targetNamespace, 'keep-a');
    assert.equal(find(out, 'ClusterRole', 'web-reader').metadata.namespace, undefined);
  });

  test('commonMetadata labels and annotates metadata only, never selectors or pod templates', () => {
    const spec = { commonMetadata: { labels: { team: 'web' }, annotations: { owner: 'platform' } } };
    const out = applyFluxKustomizationSpec(built(), spec, readFile);
    const deployment = find(out, 'Deployment', 'web');
    assert.deepEqual(deployment.metadata.labels, { app: 'web', team: 'web' });
    assert.deepEqual(deployment.metadata.annotations, { owner: 'platform' });
    assert.deepEqual(deployment.spec.selector.matchLabels, { app: 'web' });
    assert.deepEqual(deployment.spec.template.metadata.labels, { app: 'web' });
    assert.equal(find(out, 'ClusterRole', 'web-reader').metadata.labels.team, 'web');
  });

  test('images rewrite container images', () => {
    const out = applyFluxKustomizationSpec(built(), { images: [{ name: 'ghcr.io/acme/web', newTag: '2.0.0' }] }, readFile);
    assert.equal(find(out, 'Deployment', 'web').spec.template.spec.containers[0].image, 'ghcr.io/acme/web:2.0.0');
  });

  test('components come from files relative to spec.path, or from the buildComponent callback', () => {
    const out = applyFluxKustomizationSpec(built(), { components: ['components/extra'] }, readFile);
    assert.equal(find(out, 'ConfigMap', 'extra').data.from, 'component');
    assert.equal(find(out, 'Deployment', 'web').spec.replicas, 2);
    const seen: string[] = [];
    applyFluxKustomizationSpec(built(), { components: ['components/extra'] }, readFile, (path, objects) => {
      seen.push(path);
      return objects;
    });
    assert.deepEqual(seen, ['components/extra']);
    assert.throws(() => applyFluxKustomizationSpec(built(), { components: ['../outside'] }, readFile), /local and relative/);
    assert.equal(applyFluxKustomizationSpec(built(), { components: ['missing'], ignoreMissingComponents: true }, readFile).length, built().length);
  });

  test('the input objects are left unchanged', () => {
    const input = built();
    const before = structuredClone(input.map(({ object }) => object));
    applyFluxKustomizationSpec(input, { targetNamespace: 'x', namePrefix: 'p-', patches: [CHILD_PATCH] }, readFile);
    assert.deepEqual(
      input.map(({ object }) => object),
      before,
    );
  });

  describe('matches kubectl kustomize on the kustomization Flux generates', () => {
    const work = mkdtempSync(join(tmpdir(), 'flux-overlay-'));
    after(() => rmSync(work, { recursive: true, force: true }));
    test('targetNamespace, namePrefix, nameSuffix, patches, images and components together', () => {
      const spec = {
        path: './app',
        targetNamespace: 'team',
        namePrefix: 'p-',
        nameSuffix: '-s',
        components: ['components/extra'],
        patches: [CHILD_PATCH],
        images: [{ name: 'ghcr.io/acme/web', newName: 'registry.local/web', newTag: '3' }],
      };
      // What fluxcd/pkg's generator writes: the spec's fields merged into the directory's kustomization.
      cpSync(APP, work, { recursive: true });
      const kustomization = parse(readFileSync(join(work, 'kustomization.yaml'), 'utf8'));
      Object.assign(kustomization, {
        namespace: spec.targetNamespace,
        namePrefix: spec.namePrefix,
        nameSuffix: spec.nameSuffix,
        components: spec.components,
        patches: spec.patches,
        images: spec.images,
      });
      writeFileSync(join(work, 'kustomization.yaml'), stringify(kustomization));
      const out = execFileSync('kubectl', ['kustomize', work], { encoding: 'utf8' });
      const key = (object: Record<string, any>): string => `${object.kind}/${object.metadata?.namespace}/${object.metadata?.name}`;
      const sort = (objects: Record<string, any>[]): Record<string, any>[] => [...objects].sort((a, b) => (key(a) < key(b) ? -1 : 1));
      const expected = sort(
        parseAllDocuments(out)
          .map((doc) => doc.toJS())
          .filter(Boolean),
      );
      const actual = sort(applyFluxKustomizationSpec(built(), spec, readFile).map(({ object }) => object));
      assert.ok(expected.some((object) => object.metadata.name === 'p-child-a-s' && object.spec.prune === true));
      assert.deepEqual(actual, expected);
    });
  });
});
