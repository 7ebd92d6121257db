import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateRepo } from '../../../src/index.js';
import { tempDir } from '../../support/tree.js';
import { fluxKs, put } from './fixture-repos.js';
import { field } from '../../support/field.js';

const SETTINGS = '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata:\n  REPLICAS: "3"\n';
const DEPLOY = '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: flux-system\ndata:\n  replicas: "${REPLICAS}"\n';
const SUBSTITUTE = '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n';

describe('the Flux Kustomization walk', () => {
  test('a Kustomization may substitute from a ConfigMap it applies itself (bootstrap applied it first)', async () => {
    const repo = tempDir();
    put(repo, 'kubernetes/main/flux/config/cluster.yaml', fluxKs('cluster', './kubernetes/main/flux', SUBSTITUTE));
    put(repo, 'kubernetes/main/flux/vars/cluster-settings.yaml', SETTINGS);
    put(repo, 'kubernetes/main/flux/app.yaml', DEPLOY);
    const report = await validateRepo({ repo });
    assert.deepEqual(
      report.findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.equal(field(report.clusters[0]!.rendered!.find((r) => r.object.metadata?.name === 'app')!.object, 'data.replicas'), 3); // re-parsed after substitution, as Flux does
  });

  test('a substituteFrom source applied by a later sibling is waited for; one nobody applies is an error', async () => {
    const repo = tempDir();
    put(repo, 'clusters/lab/a-apps.yaml', fluxKs('apps', './apps', SUBSTITUTE));
    put(repo, 'clusters/lab/b-vars.yaml', fluxKs('vars', './vars'));
    put(repo, 'vars/settings.yaml', SETTINGS);
    put(repo, 'apps/app.yaml', DEPLOY);
    const report = await validateRepo({ repo });
    assert.deepEqual(report.clusters[0]!.kustomizations, ['Kustomization/flux-system/vars', 'Kustomization/flux-system/apps']);
    assert.deepEqual(
      report.findings.filter((f) => f.severity === 'error'),
      [],
    );
    put(repo, 'vars/settings.yaml', '# emptied\n');
    assert.deepEqual(
      (await validateRepo({ repo })).findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.file]),
      [['substitute-source-missing', 'clusters/lab/a-apps.yaml']],
    );
  });

  test("sourceRef.namespace defaults to the Kustomization's own namespace", async () => {
    const repo = tempDir();
    put(repo, 'clusters/lab/team.yaml', fluxKs('team', './team', '', 'kind: GitRepository\n    name: team-repo').replace('namespace: flux-system', 'namespace: team-a'));
    put(repo, 'team/app.yaml', DEPLOY);
    const followed = async (sources: Record<string, string>) => (await validateRepo({ repo, sources })).clusters[0]!.rendered!.some((r) => r.object.metadata?.name === 'app');
    assert.equal(await followed({ 'team-a/team-repo': '.' }), true);
    assert.equal(await followed({ 'flux-system/team-repo': '.' }), false);
    assert.equal(await followed({ 'team-repo': '.' }), true);
  });
});
