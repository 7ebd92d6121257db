// graph --helm: what a chart renders joins the graph (a Flux Kustomization a chart makes, applied by
// its HelmRelease), and a release Helm cannot render is marked like a failed build.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { cachedChartPath } from '../../src/charts/index.js';
import { repoGraphs } from '../../src/review/index.js';
import { tempDir } from '../support/tree.js';

const URL = 'https://charts.example.test';
const ENTRY = `---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: {name: example, namespace: flux-system}
spec: {interval: 1h, url: ${URL}}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: tenants, namespace: flux-system}
spec:
  interval: 1h
  chart: {spec: {chart: tenants, version: 1.0.0, sourceRef: {kind: HelmRepository, name: example}}}
  values: {team: blue}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: broken, namespace: flux-system}
spec:
  interval: 1h
  chart: {spec: {chart: tenants, version: 1.0.0, sourceRef: {kind: HelmRepository, name: example}}}
  values: {team: blue, fail: true}
`;
const CLUSTER = `---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: releases, namespace: flux-system}
spec: {interval: 1h, path: ./releases, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
`;
const TEMPLATE = `{{- if .Values.fail }}{{ fail "this release cannot render" }}{{- end }}
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: team-{{ .Values.team }}
  namespace: flux-system
spec:
  interval: 1h
  path: ./teams/{{ .Values.team }}
  prune: true
  sourceRef: {kind: GitRepository, name: flux-system}
`;

describe('platform-gitops graph --helm', () => {
  const dir = tempDir('gp-graph-helm-');
  after(() => rmSync(dir, { recursive: true, force: true }));
  const repo = join(dir, 'repo');
  const cache = join(dir, 'cache');

  test("a Kustomization a chart renders is applied by its HelmRelease; a release Helm refuses is marked with Helm's message", async () => {
    mkdirSync(join(repo, 'clusters', 'lab'), { recursive: true });
    mkdirSync(join(repo, 'releases'));
    writeFileSync(join(repo, 'clusters', 'lab', 'releases.yaml'), CLUSTER);
    writeFileSync(join(repo, 'releases', 'releases.yaml'), ENTRY);
    const chart = join(dir, 'chart-src', 'tenants');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: tenants\nversion: 1.0.0\n');
    writeFileSync(join(chart, 'values.yaml'), 'team: red\nfail: false\n');
    writeFileSync(join(chart, 'templates', 'ks.yaml'), TEMPLATE);
    const archive = cachedChartPath(cache, URL, 'tenants', '1.0.0');
    mkdirSync(dirname(archive), { recursive: true });
    execFileSync('tar', ['-czf', archive, '-C', dirname(chart), 'tenants']);

    const [plain] = await repoGraphs(repo);
    assert.ok(!plain!.nodes.some((n) => n.id === 'Kustomization/flux-system/team-blue'), 'without --helm the chart is not rendered');

    const [graph] = await repoGraphs(repo, undefined, { chartCache: cache });
    assert.ok(graph!.nodes.some((n) => n.id === 'Kustomization/flux-system/team-blue' && !n.missing));
    assert.ok(graph!.edges.some((e) => e.type === 'applies' && e.from === 'HelmRelease/flux-system/tenants' && e.to === 'Kustomization/flux-system/team-blue'));
    const broken = graph!.nodes.find((n) => n.id === 'HelmRelease/flux-system/broken');
    assert.match(broken?.failure ?? '', /this release cannot render/);
    assert.equal(graph!.nodes.find((n) => n.id === 'HelmRelease/flux-system/tenants')?.failure, undefined);
  });
});
