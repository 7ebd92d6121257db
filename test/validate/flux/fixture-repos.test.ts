import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runValidateCommand, validateRepo } from '../../../src/index.js';
import { REPOS, brief, captureIo } from './fixture-repos.js';
import { field } from '../../support/field.js';

const byKey = (a: object, b: object) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

describe('fixture repositories validate to their golden findings, no false alarms', () => {
  for (const name of readdirSync(REPOS)) {
    test(name, async () => {
      const report = await validateRepo({ repo: join(REPOS, name) });
      const expected = JSON.parse(readFileSync(join(REPOS, name, 'expected-findings.json'), 'utf8'));
      assert.deepEqual(report.findings.map(brief).sort(byKey), [...expected].sort(byKey));
      assert.ok(report.clusters.length > 0);
    });
  }
});

describe('what each layout yields', () => {
  test('multi-cluster: one cluster per clusters/<env>, the flux-system sync is its own folder, not rebuilt; ExternalArtifacts mirroring a folder are built from it', async () => {
    const report = await validateRepo({ repo: join(REPOS, 'multi-cluster') });
    assert.deepEqual(
      report.clusters.map((c) => [c.name, c.path]),
      [
        ['production', 'clusters/production'],
        ['staging', 'clusters/staging'],
      ],
    );
    const staging = report.clusters[1]!;
    assert.deepEqual(staging.kustomizations, [
      'Kustomization/flux-system/apps',
      'Kustomization/flux-system/flux-system',
      'Kustomization/flux-system/infra-controllers',
      'Kustomization/flux-system/infra-configs',
    ]);
    const issuer = staging.rendered!.find((r) => r.object.kind === 'ClusterIssuer')!;
    assert.equal(field(issuer.object, 'spec.acme.server'), 'https://acme-staging-v02.api.letsencrypt.org/directory');
    assert.equal(issuer.appliedBy, 'Kustomization/flux-system/infra-configs');
    assert.deepEqual(
      staging.helmReleases.map((r) => [r.namespace, r.name, r.chart]),
      [
        ['podinfo', 'podinfo', 'podinfo'],
        ['cert-manager', 'cert-manager', 'cert-manager'],
      ],
    );
    // production reads the same folders through its ArtifactGenerator's artifacts.
    const production = report.clusters[0]!;
    assert.deepEqual(
      production.helmReleases.map((r) => [r.namespace, r.name, r.chart]),
      [
        ['podinfo', 'podinfo', 'podinfo'],
        ['cert-manager', 'cert-manager', 'cert-manager'],
      ],
    );
    assert.equal(field(production.rendered!.find((r) => r.object.kind === 'ClusterIssuer')!.object, 'spec.acme.server'), 'https://acme-v02.api.letsencrypt.org/directory');
  });

  test('home-ops: flux/cluster is the entry, app Kustomizations in any namespace are followed, targetNamespace places the app', async () => {
    const [cluster] = (await validateRepo({ repo: join(REPOS, 'home-ops') })).clusters;
    assert.equal(cluster!.name, 'cluster');
    assert.equal(cluster!.path, 'kubernetes/flux/cluster');
    // cluster-apps waits for cluster-vars, which applies the cluster-settings it substitutes from.
    assert.deepEqual(cluster!.kustomizations, [
      'Kustomization/flux-system/cluster-vars',
      'Kustomization/flux-system/flux',
      'Kustomization/flux-system/cluster-apps',
      'Kustomization/flux-system/jellyfin',
      'Kustomization/network/echo',
    ]);
    const release = cluster!.rendered!.find((r) => r.object.kind === 'HelmRelease' && r.object.metadata?.name === 'jellyfin')!;
    assert.equal(release.object.metadata?.namespace, 'media');
    assert.equal(field(release.object, 'spec.values.controllers.jellyfin.containers.app.env.TZ'), 'Europe/Berlin');
    // SECRET_DOMAIN comes from the SOPS Secret: unknown offline, left as written.
    assert.deepEqual(field(release.object, 'spec.values.route.app.hostnames'), ['jellyfin.${SECRET_DOMAIN}']);
    assert.deepEqual(
      cluster!.helmReleases.map((r) => [r.namespace, r.name, r.version]),
      [
        ['media', 'jellyfin', '4.2.0'],
        ['network', 'echo', '4.2.0'],
      ],
    );
  });

  test('--format json keeps clusters[] (name, objects) and findings[] (code, severity, file), and adds each cluster path', async () => {
    const { io, out } = captureIo();
    assert.equal(await runValidateCommand(['--repo', join(REPOS, 'home-ops'), '--format', 'json'], io), 0);
    const json = JSON.parse(out.join(''));
    assert.deepEqual(Object.keys(json.clusters[0]).sort(), ['helmReleases', 'kustomizations', 'name', 'objects', 'path']);
    assert.equal(json.clusters[0].objects, 15);
    assert.ok(json.findings.every((f: Record<string, unknown>) => typeof f.code === 'string' && typeof f.severity === 'string'));
  });
});
