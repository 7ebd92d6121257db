// validate --helm benchmark (issue 21): prints figures, asserts nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundledChartsDir, cachedChartPath } from '../src/charts/index.js';
import { packageRoot } from '../src/private/package-root.js';
import { median } from './bench-support.js';

const RELEASES = 50;
const RUNS = 3;

/** One cluster: 50 apps, each a Flux Kustomization applying a HelmRepository and a HelmRelease of its own chart repository. */
function writeRepo(repo: string, cache: string): void {
  mkdirSync(join(repo, 'clusters', 'lab'), { recursive: true });
  const entry: string[] = [];
  for (let i = 0; i < RELEASES; i++) {
    const name = `app-${String(i).padStart(2, '0')}`;
    const url = `https://charts-${i}.example.test`;
    const archive = cachedChartPath(cache, url, 'coredns', '1.38.0');
    mkdirSync(dirname(archive), { recursive: true });
    copyFileSync(join(bundledChartsDir(), 'coredns', '1.38.0.tgz'), archive);
    mkdirSync(join(repo, 'apps', name), { recursive: true });
    writeFileSync(
      join(repo, 'apps', name, 'release.yaml'),
      `---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: {name: ${name}, namespace: ${name}}
spec: {interval: 1h, url: ${url}}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: ${name}, namespace: ${name}}
spec:
  interval: 1h
  chart: {spec: {chart: coredns, version: 1.38.0, sourceRef: {kind: HelmRepository, name: ${name}}}}
  values: {replicaCount: ${1 + (i % 3)}, service: {clusterIP: 10.43.${i}.10}}
`,
    );
    entry.push(`---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: ${name}, namespace: flux-system}
spec: {interval: 1h, path: ./apps/${name}, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
`);
  }
  writeFileSync(join(repo, 'clusters', 'lab', 'apps.yaml'), entry.join(''));
}

/** Wall seconds and peak RSS (MB) of one `platform-gitops validate` process. */
function timeValidate(args: readonly string[]): { seconds: number; peakMb: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(packageRoot(), 'bin/platform-gitops.js'), 'validate', ...args, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const [seconds, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, peakMb: kb! / 1024 };
}

export function helmBench(): void {
  const dir = mkdtempSync(join(tmpdir(), 'gp-bench-helm-'));
  try {
    const repo = join(dir, 'repo');
    const cache = join(dir, 'cache');
    writeRepo(repo, cache);
    const plain: number[] = [];
    const helm: number[] = [];
    let peak = 0;
    for (let run = 0; run < RUNS; run++) {
      plain.push(timeValidate(['--repo', repo]).seconds);
      const rendered = timeValidate(['--repo', repo, '--helm', '--chart-cache', cache]);
      helm.push(rendered.seconds);
      peak = Math.max(peak, rendered.peakMb);
    }
    console.log(`validate --helm: ${RELEASES} HelmReleases, each its own cached chart, ${RELEASES} Flux Kustomizations (median of ${RUNS})`);
    console.log(`  plain validate: ${median(plain).toFixed(2)} s`);
    console.log(`  validate --helm: ${median(helm).toFixed(2)} s, ${peak.toFixed(0)} MB peak RSS (target: at most 10 s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
