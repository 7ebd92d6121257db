// Validator benchmark: prints figures, asserts nothing (timed tests are flaky on shared machines).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { generateCoreDnsRepo } from '../src/index.js';
import { packageRoot } from '../src/private/package-root.js';
import { benchClusters } from './bench-support.js';

const ROOT = packageRoot();

/** A repository with `count` clusters, each with its own Service CIDR and replica count. */
function generateRepo(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `gp-bench-${count}-`));
  cpSync(join(ROOT, 'test/fixtures/story-01-cilium'), dir, { recursive: true });
  const clusters = benchClusters(count);
  generateCoreDnsRepo(dir, { clusters });
  writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-platform': { coredns: { clusters } } }));
  return dir;
}

/** Wall time (s) and peak RSS (MB) of `platform-gitops validate` in its own process. */
function timeValidate(repo: string): { seconds: number; peakMb: number; errors: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(ROOT, 'bin/platform-gitops.js'), 'validate', '--repo', repo, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const [seconds, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, peakMb: kb! / 1024, errors: JSON.parse(result.stdout).errors };
}

/**
 * The loop a person would script without the validator: per cluster, `kubectl kustomize` the
 * cluster's entry path and the child Kustomization it emits, substituting each with the
 * cluster's settings (in process, so the loop is not charged for a substitution tool).
 */
function timeKubectlLoop(repo: string, clusters: string[]): number {
  const start = process.hrtime.bigint();
  for (const cluster of clusters) {
    const settings = parse(readFileSync(join(repo, 'kubernetes/clusters', cluster, 'cluster-settings.yaml'), 'utf8'));
    const vars = new Map(Object.entries(settings.data as Record<string, string>));
    const pending = ['kubernetes/infrastructure'];
    while (pending.length > 0) {
      const path = pending.shift()!;
      const out = execFileSync('kubectl', ['kustomize', join(repo, path)], { encoding: 'utf8' });
      // ${VAR} as a sed line would substitute it: enough to follow spec.path.
      for (const doc of parseAllDocuments(out.replace(/\$\{(\w+)\}/g, (whole, name: string) => vars.get(name) ?? whole))) {
        const object = doc.toJS();
        if (object?.kind === 'Kustomization' && object.spec?.path) pending.push(object.spec.path.replace(/^\.\//, ''));
      }
    }
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function validateBench(): void {
  const small = generateRepo(200);
  const large = generateRepo(1000);
  try {
    const v200 = timeValidate(small);
    const v1000 = timeValidate(large);
    console.log('platform-gitops validate (whole process, wall time and peak RSS)');
    console.log(`  200 clusters:  ${v200.seconds.toFixed(2)} s, ${v200.peakMb.toFixed(0)} MB peak, ${v200.errors} errors`);
    console.log(`  1000 clusters: ${v1000.seconds.toFixed(2)} s, ${v1000.peakMb.toFixed(0)} MB peak, ${v1000.errors} errors`);
    console.log(`  1000 vs 200: ${(v1000.seconds / v200.seconds).toFixed(2)}x time for 5x clusters (target: within 5.5x); peak RSS at 1000 ${v1000.peakMb.toFixed(0)} MB (target: under 250 MB)`);
    let kubectl = true;
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    } catch {
      kubectl = false;
    }
    if (kubectl) {
      const names = Array.from({ length: 200 }, (_, i) => `c${String(i).padStart(4, '0')}`);
      const loop = timeKubectlLoop(small, names);
      console.log(`  kubectl kustomize + substitution loop over the same 200 cluster trees: ${loop.toFixed(2)} s`);
      console.log(`  validate is ${(loop / v200.seconds).toFixed(1)}x faster at 200 clusters (target: at least 10x), while also checking every object`);
    } else {
      console.log('  kubectl not on PATH: no baseline loop');
    }
  } finally {
    rmSync(small, { recursive: true, force: true });
    rmSync(large, { recursive: true, force: true });
  }
}
