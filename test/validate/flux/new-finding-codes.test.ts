import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type Finding, runValidateCommand, validateRepo } from '../../../src/index.js';
import { tempDir } from '../../support/tree.js';
import { captureIo, change, copyRepo, put } from './fixture-repos.js';

const JELLYFIN_KS = 'kubernetes/apps/media/jellyfin/ks.yaml';
const JELLYFIN_APP = 'kubernetes/apps/media/jellyfin/app';
const ECHO_KS = 'kubernetes/apps/network/echo/ks.yaml';
const errors = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error');
const only = (findings: readonly Finding[], code: string) => {
  const hits = findings.filter((f) => f.code === code);
  assert.equal(hits.length, 1, `one ${code} among ${JSON.stringify(findings.map((f) => f.code))}`);
  return hits[0]!;
};

describe('source-not-followed', () => {
  test('a Kustomization of an unknown source is one note per source, never an error; --source follows it', async () => {
    const repo = copyRepo('multi-cluster');
    // The apps move to a repository of their own, checked out here under apps/.
    change(repo, 'clusters/staging/apps.yaml', 'name: flux-system\n  path: ./apps/staging', 'name: apps-repo\n  path: ./staging');
    put(
      repo,
      'clusters/staging/apps-repo.yaml',
      '---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: apps-repo\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: https://example.com/apps\n',
    );
    const report = await validateRepo({ repo, cluster: 'staging' });
    const note = only(report.findings, 'source-not-followed');
    assert.deepEqual([note.severity, note.file], ['info', 'clusters/staging/apps.yaml']);
    assert.deepEqual(errors(report.findings), []);
    assert.ok(!report.clusters[0]!.helmReleases.some((r) => r.name === 'podinfo'));
    // Mapped to a folder (by namespace/name), it is built from there: path ./staging under apps/.
    const mapped = await validateRepo({ repo, cluster: 'staging', sources: { 'flux-system/apps-repo': 'apps' } });
    assert.ok(!mapped.findings.some((f) => f.code === 'source-not-followed'));
    assert.ok(mapped.clusters[0]!.helmReleases.some((r) => r.name === 'podinfo'));
  });
});

describe('ExternalArtifacts', () => {
  test('a Kustomization whose path the artifact does not hold is path-missing; the ExternalArtifact still resolves', async () => {
    const repo = copyRepo('multi-cluster');
    change(repo, 'clusters/production/artifacts.yaml', 'to: "@artifact/production/"', 'to: "@artifact/prod/"');
    const report = await validateRepo({ repo, cluster: 'production' });
    const missing = only(report.findings, 'path-missing');
    assert.deepEqual([missing.severity, missing.file, missing.object], ['error', 'clusters/production/apps.yaml', 'Kustomization/flux-system/apps']);
    assert.deepEqual(
      errors(report.findings).map((f) => f.code),
      ['path-missing'],
    );
  });
});

describe('substitute-source-opaque', () => {
  test('SOPS and ExternalSecret sources are notes; --strict-sources makes them errors (exit 1)', async () => {
    const repo = copyRepo('home-ops');
    const strict = (await validateRepo({ repo, strictSources: true })).findings.filter((f) => f.code === 'substitute-source-opaque');
    assert.deepEqual(
      strict.map((f) => [f.severity, f.file]),
      [
        ['error', 'kubernetes/flux/vars/cluster-secrets.sops.yaml'],
        ['error', 'kubernetes/apps/network/externalsecret.yaml'],
      ],
    );
    const { io } = captureIo();
    assert.equal(await runValidateCommand(['--repo', repo, '--strict-sources'], io), 1);
    assert.equal(await runValidateCommand(['--repo', repo], io), 0);
  });

  test('a SealedSecret makes its Secret opaque too', async () => {
    const repo = copyRepo('home-ops');
    put(
      repo,
      'kubernetes/apps/network/externalsecret.yaml',
      '---\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: network-vars\nspec:\n  encryptedData:\n    PUBLIC_DOMAIN: AgBy3i4OJSWK\n',
    );
    const note = only(
      (await validateRepo({ repo })).findings.filter((f) => f.file?.endsWith('externalsecret.yaml')),
      'substitute-source-opaque',
    );
    assert.match(note.message, /SealedSecret/);
  });

  test('without the opaque source an undefined variable is substitute-undefined again; a missing required source is an error', async () => {
    const repo = copyRepo('home-ops');
    rmSync(join(repo, 'kubernetes/apps/network/externalsecret.yaml'));
    change(repo, 'kubernetes/apps/network/kustomization.yaml', '  - ./externalsecret.yaml\n', '');
    assert.equal(only((await validateRepo({ repo })).findings, 'substitute-source-missing').file, ECHO_KS);
    change(repo, ECHO_KS, 'name: network-vars', 'name: network-vars\n        optional: true');
    // With no variable at all Flux skips substitution (the text stays as written); one inline
    // variable makes it substitute. The repository pins Flux 2.6, whose kustomize-controller
    // substitutes an undefined variable with nothing (strict only from Flux 2.9): a warning.
    assert.deepEqual(
      (await validateRepo({ repo })).findings.filter((f) => f.code === 'substitute-undefined'),
      [],
    );
    change(repo, ECHO_KS, '  postBuild:\n', '  postBuild:\n    substitute:\n      OTHER: x\n');
    const undefinedVar = only((await validateRepo({ repo })).findings, 'substitute-undefined');
    assert.deepEqual([undefinedVar.file, undefinedVar.severity], ['kubernetes/apps/network/echo/app/helmrelease.yaml', 'warning']);
    assert.match(undefinedVar.message, /PUBLIC_DOMAIN is not defined .*Flux v2\.6\.0 .* substitutes an empty string; Flux 2\.9 fails the reconcile/);
  });
});

describe('targetNamespace', () => {
  test("a chartRef naming the app's namespace resolves because targetNamespace moves the OCIRepository there", async () => {
    const repo = copyRepo('home-ops');
    change(repo, `${JELLYFIN_APP}/helmrelease.yaml`, 'name: jellyfin\n  values', 'name: jellyfin\n    namespace: media\n  values');
    assert.ok(!(await validateRepo({ repo })).findings.some((f) => f.code === 'chartRef-unresolved'));
    change(repo, JELLYFIN_KS, '  targetNamespace: media\n', '');
    assert.equal(only((await validateRepo({ repo })).findings, 'chartRef-unresolved').path, 'spec.chartRef');
  });
});

describe('path-outside-source', () => {
  for (const [how, path] of [
    ['../..', '../../etc'],
    ['an absolute path', '/etc'],
    ['a symlink', './kubernetes/escape'],
  ] as const) {
    test(`spec.path leaving the source by ${how} is an error naming the Kustomization's file`, async () => {
      const repo = copyRepo('home-ops');
      symlinkSync(tempDir(), join(repo, 'kubernetes/escape'));
      change(repo, JELLYFIN_KS, 'path: ./kubernetes/apps/media/jellyfin/app', `path: ${path}`);
      const finding = only((await validateRepo({ repo })).findings, 'path-outside-source');
      assert.deepEqual([finding.severity, finding.file, finding.path], ['error', JELLYFIN_KS, 'spec.path']);
    });
  }

  test('a YAML symlink out of the repository in a cluster folder is reported, not read', async () => {
    const repo = copyRepo('home-ops');
    const outside = join(tempDir(), 'secret.yaml');
    writeFileSync(outside, '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\n');
    symlinkSync(outside, join(repo, 'kubernetes/flux/cluster/linked.yaml'));
    const report = await validateRepo({ repo });
    assert.equal(only(report.findings, 'path-outside-source').file, 'kubernetes/flux/cluster/linked.yaml');
    assert.ok(!report.clusters[0]!.rendered!.some((r) => r.object.metadata?.name === 'stolen'));
  });

  test('source-folder-invalid: --source folders outside the repository are refused', async () => {
    const finding = only((await validateRepo({ repo: copyRepo('home-ops'), sources: { 'flux-manifests': '../elsewhere' } })).findings, 'source-folder-invalid');
    assert.equal(finding.severity, 'error');
  });
});

describe('file-not-regular and file-too-large', () => {
  test('a FIFO in a built folder is skipped with a finding, never read (no hang)', { timeout: 20_000 }, async () => {
    const repo = copyRepo('home-ops');
    execFileSync('mkfifo', [join(repo, JELLYFIN_APP, 'pipe.yaml')]);
    execFileSync('mkfifo', [join(repo, 'kubernetes/flux/cluster/pipe.yaml')]);
    const found = (await validateRepo({ repo })).findings.filter((f) => f.code === 'file-not-regular');
    assert.deepEqual(found.map((f) => f.file).sort(), [`${JELLYFIN_APP}/pipe.yaml`, 'kubernetes/flux/cluster/pipe.yaml']);
  });

  test('file-too-large: a file over 8 MiB is not read', async () => {
    const repo = copyRepo('home-ops');
    mkdirSync(join(repo, JELLYFIN_APP, 'dump'));
    writeFileSync(join(repo, JELLYFIN_APP, 'dump', 'big.yaml'), `# ${'x'.repeat(8 * 1024 * 1024)}\n`);
    const finding = only((await validateRepo({ repo })).findings, 'file-too-large');
    assert.deepEqual([finding.severity, finding.file], ['error', `${JELLYFIN_APP}/dump/big.yaml`]);
  });
});
