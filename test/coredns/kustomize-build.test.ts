import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { generateCoreDnsRepo } from '../../src/index.js';
import { STORY_ANSWERS } from '../support/story.js';
import { listFiles, readTree, tempDir } from '../support/tree.js';
import { KUBECTL_ON_PATH } from '../support/kubectl.js';

const kubectl = KUBECTL_ON_PATH;

function kustomize(dir: string): Array<Record<string, any>> {
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return parseAllDocuments(out).map((doc) => doc.toJS());
}

describe('generated trees', () => {
  for (const [label, answers] of [
    ['story (helm)', STORY_ANSWERS],
    ['oci, 1.38.1', { ...STORY_ANSWERS, chart: { version: '1.38.1', source: 'oci' } }],
  ] as const) {
    test(`${label}: every file parses as YAML and starts with ---`, () => {
      const dir = tempDir();
      generateCoreDnsRepo(dir, answers);
      for (const [file, text] of Object.entries(readTree(dir))) {
        assert.ok(text.startsWith('---\n'), `${file} starts with ---`);
        assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), `${file} ends with one newline`);
        for (const doc of parseAllDocuments(text)) {
          assert.deepEqual(doc.errors, [], file);
          assert.deepEqual(doc.warnings, [], file);
        }
      }
    });

    test(`${label}: every kustomization directory builds with kubectl kustomize`, { skip: !kubectl && 'kubectl not on PATH' }, () => {
      const dir = tempDir();
      generateCoreDnsRepo(dir, answers);
      const dirs = listFiles(dir)
        .filter((file) => file.endsWith('/kustomization.yaml'))
        .map((file) => file.slice(0, -'/kustomization.yaml'.length));
      assert.deepEqual(dirs.sort(), [
        'kubernetes/infrastructure',
        'kubernetes/infrastructure/networking',
        'kubernetes/infrastructure/networking/coredns',
        'kubernetes/infrastructure/networking/coredns-monitoring',
      ]);
      const coredns = kustomize(join(dir, 'kubernetes/infrastructure/networking/coredns'));
      const source = answers.chart?.source === 'oci' ? 'OCIRepository' : 'HelmRepository';
      assert.deepEqual(coredns.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort(), [`${source}/kube-system/coredns`, 'HelmRelease/kube-system/coredns'].sort());
      const monitoring = kustomize(join(dir, 'kubernetes/infrastructure/networking/coredns-monitoring'));
      assert.deepEqual(monitoring.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort(), ['PrometheusRule/kube-system/coredns', 'ServiceMonitor/kube-system/coredns']);
      // The parent builds only the child Flux Kustomization, never the HelmRelease itself.
      const infrastructure = kustomize(join(dir, 'kubernetes/infrastructure'));
      assert.deepEqual(
        infrastructure.map((o) => `${o.kind}/${o.metadata.name}`),
        ['Kustomization/coredns', 'Kustomization/coredns-monitoring'],
      );
      assert.equal(infrastructure[0]!.spec.path, './kubernetes/infrastructure/networking/coredns');
      assert.ok(existsSync(join(dir, infrastructure[0]!.spec.path)), 'ks.yaml path points at the directory beside it');
    });
  }
});
