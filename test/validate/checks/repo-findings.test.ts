import assert from 'node:assert/strict';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type Finding, type ValidateOptions, validateRepo } from '../../../src/index.js';
import { tempDir } from '../../support/tree.js';
import { edit, generatedRepo } from '../repo-support.js';
import { assertOnly } from './support.js';

const CORE_DNS = 'kubernetes/infrastructure/networking/coredns';
const INFRA = 'kubernetes/clusters/infra';

const key = (f: Finding) => JSON.stringify(f);

/**
 * What a fault adds to cluster infra's findings. The generated repo on its own already has
 * some (its cilium-core dependency lives in another story), so only new ones count.
 */
async function faultFindings(inject: (dir: string) => void, options: ValidateOptions = { cluster: 'infra' }): Promise<Finding[]> {
  const dir = generatedRepo();
  const before = new Set((await validateRepo({ repo: dir, ...options })).findings.map(key));
  inject(dir);
  return (await validateRepo({ repo: dir, ...options })).findings.filter((f) => !before.has(key(f)));
}

describe('repository findings', () => {
  test('no-clusters: a repository without any Flux cluster entry', async () => {
    const finding = assertOnly((await validateRepo({ repo: tempDir() })).findings, {
      code: 'no-clusters',
      severity: 'error',
      path: undefined,
      message: /no Flux cluster entry found; looked for .*clusters/,
    });
    assert.equal(finding.file, '.');
  });

  test('cluster-unknown: --cluster naming no cluster directory', async () => {
    const finding = assertOnly((await validateRepo({ repo: generatedRepo(), cluster: 'staging' })).findings, { code: 'cluster-unknown', severity: 'error', path: undefined, message: /apps, infra/ });
    assert.equal(finding.cluster, undefined);
  });

  test('service-cidr-unknown: no Service CIDR recorded for the cluster', async () => {
    const finding = assertOnly(await faultFindings((d) => rmSync(join(d, '.yo-rc.json'))), { code: 'service-cidr-unknown', severity: 'info', path: undefined });
    assert.equal(finding.cluster, 'infra');
  });

  test('path-missing: a Flux Kustomization path that does not exist', async () => {
    const finding = assertOnly(await faultFindings((d) => edit(d, `${INFRA}/infrastructure.yaml`, (t) => t.replace('path: ./kubernetes/infrastructure', 'path: ./kubernetes/infra'))), {
      code: 'path-missing',
      severity: 'error',
      path: 'spec.path',
      object: 'Kustomization/flux-system/cluster-infra-infrastructure',
    });
    assert.equal(finding.file, `${INFRA}/infrastructure.yaml`);
  });

  test('substitute-undefined: a variable cluster-settings does not define', async () => {
    const finding = assertOnly(
      await faultFindings((d) => edit(d, `${CORE_DNS}/helmrelease.yaml`, (t) => t.replace('priorityClassName: system-cluster-critical', 'priorityClassName: ${COREDNS_PRIORITY}'))),
      { code: 'substitute-undefined', severity: 'error', path: undefined, object: 'HelmRelease/kube-system/coredns', message: /COREDNS_PRIORITY/ },
    );
    assert.equal(finding.file, `${CORE_DNS}/helmrelease.yaml`);
  });

  test('substitute-source-missing: the substituteFrom ConfigMap is gone', async () => {
    const findings = await faultFindings((d) => rmSync(join(d, `${INFRA}/cluster-settings.yaml`)));
    assertOnly(findings, { code: 'substitute-source-missing', severity: 'error', path: 'spec.postBuild.substituteFrom[0]', object: 'Kustomization/flux-system/cluster-infra-infrastructure' });
  });

  test('substitute-invalid-variable-name: a ConfigMap key that is not a variable name', async () => {
    const findings = await faultFindings((d) => appendFileSync(join(d, `${INFRA}/cluster-settings.yaml`), '  cluster-name: infra\n'));
    assertOnly(findings, { code: 'substitute-invalid-variable-name', severity: 'error', path: 'spec.postBuild.substituteFrom[0]', message: /"cluster-name"/ });
  });

  test('build-cycle: a kustomization that includes its parent', async () => {
    const finding = assertOnly(await faultFindings((d) => edit(d, 'kubernetes/infrastructure/networking/kustomization.yaml', (t) => `${t}  - ..\n`)), {
      code: 'build-cycle',
      severity: 'error',
      path: undefined,
      message: /cycle/,
    });
    // The kustomization that closes the cycle (kustomize's message names only folders).
    assert.equal(finding.file, 'kubernetes/infrastructure/networking/kustomization.yaml');
  });

  test('build-missing-resource: a resources entry that does not exist', async () => {
    const finding = assertOnly(await faultFindings((d) => edit(d, `${CORE_DNS}/kustomization.yaml`, (t) => `${t}  - servicemonitor.yaml\n`)), {
      code: 'build-missing-resource',
      severity: 'error',
      path: undefined,
      message: /servicemonitor\.yaml/,
    });
    assert.equal(finding.file, `${CORE_DNS}/kustomization.yaml`);
  });

  test('build-remote-base: a remote base is a note (Flux fetches it; an offline build cannot)', async () => {
    const finding = assertOnly(await faultFindings((d) => edit(d, `${CORE_DNS}/kustomization.yaml`, (t) => t.replace('resources:\n', 'resources:\n  - https://github.com/example/base?ref=v1\n'))), {
      code: 'build-remote-base',
      severity: 'info',
      path: undefined,
      message: /remote base https:\/\/github\.com\/example\/base\?ref=v1/,
    });
    assert.equal(finding.file, `${CORE_DNS}/kustomization.yaml`);
  });

  test('build-transform-failed: a JSON 6902 patch that removes a field the object lacks', async () => {
    const patch = `patches:\n  - target: {kind: HelmRelease}\n    patch: '[{"op": "remove", "path": "/spec/nope"}]'\n`;
    const finding = assertOnly(await faultFindings((d) => edit(d, `${CORE_DNS}/kustomization.yaml`, (t) => `${t}${patch}`)), { code: 'build-transform-failed', severity: 'error', path: undefined });
    assert.equal(finding.file, `${CORE_DNS}/kustomization.yaml`);
  });

  test('build-failed: a resources entry that is not a path', async () => {
    const finding = assertOnly(
      await faultFindings((d) => edit(d, `${CORE_DNS}/kustomization.yaml`, (t) => `${t}  - {path: extra.yaml}\n`)),
      // kustomize's own words: the entry does not decode as a path.
      { code: 'build-failed', severity: 'error', path: undefined, message: /cannot unmarshal object into Go struct field Kustomization\.resources of type string/ },
    );
    assert.equal(finding.file, `${CORE_DNS}/kustomization.yaml`);
  });

  test('yaml-invalid: a broken file in the cluster directory, and one a build reads', async () => {
    const own = assertOnly(await faultFindings((d) => writeFileSync(join(d, `${INFRA}/notes.yaml`), 'key: "unclosed\n')), {
      code: 'yaml-invalid',
      severity: 'error',
      path: undefined,
      message: /not valid YAML/,
    });
    assert.equal(own.file, `${INFRA}/notes.yaml`);
    const built = assertOnly(await faultFindings((d) => appendFileSync(join(d, `${CORE_DNS}/helmrepository.yaml`), 'spec: [\n')), {
      code: 'yaml-invalid',
      severity: 'error',
      path: undefined,
      message: /not valid YAML/,
    });
    assert.equal(built.file, `${CORE_DNS}/helmrepository.yaml`);
  });
});
