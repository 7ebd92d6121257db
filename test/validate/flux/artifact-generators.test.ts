import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Finding, validateRepo } from '../../../src/index.js';
import { copyRepo, put } from './fixture-repos.js';

const GENERATOR = 'clusters/production/app-artifacts.yaml';
const generator = (sources: string, artifacts: string) =>
  `---\napiVersion: source.extensions.fluxcd.io/v1beta1\nkind: ArtifactGenerator\nmetadata:\n  name: apps-gen\n  namespace: flux-system\nspec:\n  sources:\n${sources}  artifacts:\n${artifacts}`;
const fleet = '    - alias: fleet\n      kind: GitRepository\n      name: flux-system\n';
const kustomization = (name: string, artifact: string, path: string) =>
  `---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: ExternalArtifact\n    name: ${artifact}\n`;
const ofCode = (findings: readonly Finding[], code: string) => findings.filter((f) => f.code === code);

/** multi-cluster's production plus two app folders, each cut into an artifact of its own. */
function twoApps(): string {
  const repo = copyRepo('multi-cluster');
  put(repo, 'apps/echo/configmap.yaml', '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: echo\n  namespace: default\ndata:\n  a: b\n');
  // Excluded by the copy rule: were it copied, it would fail the build.
  put(repo, 'apps/echo/broken.yaml', 'kind: [unclosed\n');
  put(repo, 'apps/web/app/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - release.yaml\n');
  // The planted error: an interval Flux's CRD refuses.
  put(
    repo,
    'apps/web/app/release.yaml',
    '---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: default\nspec:\n  interval: often\n  chart:\n    spec:\n      chart: web\n      sourceRef:\n        kind: HelmRepository\n        name: web\n',
  );
  put(
    repo,
    GENERATOR,
    generator(
      fleet,
      [
        '    - name: echo\n      copy:\n        - from: "@fleet/apps/echo/**"\n          to: "@artifact/"\n          exclude: ["broken.yaml"]\n',
        // A folder without a glob lands as a subfolder: web/app/app/.
        '    - name: web\n      copy:\n        - from: "@fleet/apps/web/app/"\n          to: "@artifact/web/app/"\n',
      ].join(''),
    ) +
      kustomization('echo', 'echo', './') +
      kustomization('web', 'web', './web/app'),
  );
  return repo;
}

describe('ArtifactGenerator artifacts of this repository', () => {
  test('are built as source-watcher copies them, objects named by their repository file, errors inside found', async () => {
    const report = await validateRepo({ repo: twoApps(), cluster: 'production' });
    const [cluster] = report.clusters;
    assert.ok(cluster!.kustomizations.includes('Kustomization/flux-system/echo'));
    assert.ok(cluster!.kustomizations.includes('Kustomization/flux-system/web'));
    const echo = cluster!.rendered!.find((r) => r.object.kind === 'ConfigMap' && r.object.metadata?.name === 'echo')!;
    assert.deepEqual([echo.file, echo.appliedBy], ['apps/echo/configmap.yaml', 'Kustomization/flux-system/echo']);
    const web = cluster!.rendered!.find((r) => r.object.kind === 'HelmRelease' && r.object.metadata?.name === 'web')!;
    assert.equal(web.file, 'apps/web/app/release.yaml');
    const planted = report.findings.filter((f) => f.severity === 'error' && f.file === 'apps/web/app/release.yaml');
    assert.ok(planted.length > 0, JSON.stringify(report.findings));
    assert.match(JSON.stringify(planted), /interval/);
    // Nothing else is wrong: the excluded broken.yaml never reached the build, no note for the artifacts.
    assert.deepEqual(
      report.findings.filter((f) => f.severity === 'error' && f.file !== 'apps/web/app/release.yaml'),
      [],
    );
    assert.deepEqual(ofCode(report.findings, 'source-not-followed'), []);
  });

  test('artifact-copy-failed: a copy rule leaving its source (.. or an absolute path) is refused, naming the ArtifactGenerator', async () => {
    const repo = copyRepo('multi-cluster');
    put(repo, 'outside.yaml', '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside\n');
    put(
      repo,
      GENERATOR,
      generator(
        fleet,
        '    - name: up\n      copy:\n        - from: "@fleet/../"\n          to: "@artifact/"\n    - name: abs\n      copy:\n        - from: "@fleet//etc/"\n          to: "@artifact/"\n',
      ) +
        kustomization('up', 'up', './') +
        kustomization('abs', 'abs', './'),
    );
    const report = await validateRepo({ repo, cluster: 'production' });
    const refused = ofCode(report.findings, 'artifact-copy-failed');
    assert.deepEqual(
      refused.map((f) => [f.severity, f.object, f.file]),
      [
        ['error', 'ArtifactGenerator/flux-system/apps-gen', GENERATOR],
        ['error', 'ArtifactGenerator/flux-system/apps-gen', GENERATOR],
      ],
    );
    assert.match(refused[0]!.message, /"@fleet\/\.\.\/".*leaves its root/);
    assert.match(refused[1]!.message, /"@fleet\/\/etc\/".*leaves its root/);
    assert.ok(!report.clusters[0]!.rendered!.some((r) => r.object.metadata?.name === 'outside'));
  });

  test('a path the artifact does not hold is path-missing on the Kustomization', async () => {
    const repo = twoApps();
    put(repo, 'clusters/production/more.yaml', kustomization('web-flat', 'web', './web/app/release-folder'));
    const report = await validateRepo({ repo, cluster: 'production' });
    const missing = ofCode(report.findings, 'path-missing');
    assert.deepEqual(
      missing.map((f) => [f.object, f.file]),
      [['Kustomization/flux-system/web-flat', 'clusters/production/more.yaml']],
    );
  });

  test('an artifact copied from an OCIRepository that is not this repository stays a note', async () => {
    const repo = copyRepo('multi-cluster');
    put(
      repo,
      GENERATOR,
      generator('    - alias: remote\n      kind: OCIRepository\n      name: remote\n', '    - name: remote-app\n      copy:\n        - from: "@remote/app/**"\n          to: "@artifact/"\n') +
        '---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: remote\n  namespace: flux-system\nspec:\n  interval: 1h\n  url: oci://example.com/app\n' +
        kustomization('remote-app', 'remote-app', './'),
    );
    const report = await validateRepo({ repo, cluster: 'production' });
    const notes = ofCode(report.findings, 'source-not-followed');
    assert.deepEqual(
      notes.map((f) => [f.severity, f.file]),
      [['info', GENERATOR]],
    );
    assert.match(notes[0]!.message, /ArtifactGenerator\/flux-system\/apps-gen copies it from OCIRepository flux-system\/remote/);
    assert.deepEqual(ofCode(report.findings, 'artifact-copy-failed'), []);
  });

  test('an artifact unpacking tarballs (strategy Extract) stays a note, not an error', async () => {
    const repo = copyRepo('multi-cluster');
    put(
      repo,
      GENERATOR,
      generator(fleet, '    - name: charts\n      copy:\n        - from: "@fleet/charts/*.tgz"\n          to: "@artifact/"\n          strategy: Extract\n') + kustomization('charts', 'charts', './'),
    );
    const report = await validateRepo({ repo, cluster: 'production' });
    const notes = ofCode(report.findings, 'source-not-followed');
    assert.deepEqual(
      notes.map((f) => [f.severity, f.file]),
      [['info', GENERATOR]],
    );
    assert.match(notes[0]!.message, /strategy Extract/);
    assert.deepEqual(ofCode(report.findings, 'artifact-copy-failed'), []);
  });
  test('an ArtifactGenerator that a later Kustomization applies still makes the artifact an earlier one reads', async () => {
    const repo = twoApps();
    // The generator moves out of the entry folder, into one a Flux Kustomization applies; the
    // Kustomizations reading its artifacts stay in the entry folder, built before it.
    const [generatorPart] = generator(fleet, '    - name: echo\n      copy:\n        - from: "@fleet/apps/echo/**"\n          to: "@artifact/"\n          exclude: ["broken.yaml"]\n').split(
      '\n---\n',
      1,
    );
    put(repo, 'generators/app-artifacts.yaml', generatorPart!);
    put(
      repo,
      GENERATOR,
      kustomization('echo', 'echo', './') +
        '---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: generators\n  namespace: flux-system\nspec:\n  interval: 1h\n  prune: true\n  path: ./generators\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
    );
    const report = await validateRepo({ repo, cluster: 'production' });
    assert.ok(report.clusters[0]!.kustomizations.includes('Kustomization/flux-system/echo'), report.clusters[0]!.kustomizations.join(', '));
    assert.ok(report.clusters[0]!.rendered!.some((r) => r.object.kind === 'ConfigMap' && r.object.metadata?.name === 'echo'));
    assert.deepEqual(ofCode(report.findings, 'source-not-followed'), []);
  });
});
