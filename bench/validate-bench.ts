// Validator benchmark: prints figures, asserts nothing (timed tests are flaky on shared machines).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { generateCoreDnsRepo } from '../src/index.js';
import { resolveEngineBinary } from '../src/engine/index.js';
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

interface Measured {
  readonly seconds: number;
  /** User + system CPU of node and the engine together. */
  readonly cpuSeconds: number;
  readonly nodeMb: number;
  readonly engineMb: number;
  readonly errors: number;
}

/**
 * Wall and CPU time of `platform-gitops validate` in its own process, then the peak RSS of node
 * and of the engine apart (/usr/bin/time's figure is the larger of the two), from a second run of
 * validateRepo in a fresh process whose engine runs under /usr/bin/time.
 */
function timeValidate(repo: string): Measured {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, join(ROOT, 'bin/platform-gitops.js'), 'validate', '--repo', repo, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const [seconds, user, system] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'gp-bench-rss-'));
  try {
    const engineTime = join(dir, 'engine-time.txt');
    const wrapper = join(dir, 'engine.sh');
    writeFileSync(wrapper, `#!/bin/sh\nexec /usr/bin/time -f %M -o '${engineTime}' '${resolveEngineBinary()}' "$@"\n`, { mode: 0o755 });
    const url = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, path)).href);
    const script = `const { validateRepo } = await import(${url('dist/src/index.js')});
const { Engine } = await import(${url('dist/src/engine/index.js')});
const engine = new Engine({ binary: ${JSON.stringify(wrapper)} });
await validateRepo({ repo: ${JSON.stringify(repo)}, engine });
await engine.close();
console.log(process.resourceUsage().maxRSS / 1024);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`validateRepo child exited ${child.status}: ${child.stderr}`);
    const nodeMb = Number(child.stdout.trim().split('\n').at(-1));
    const engineMb = Number(readFileSync(engineTime, 'utf8').trim().split('\n').at(-1)) / 1024;
    return { seconds: seconds!, cpuSeconds: user! + system!, nodeMb, engineMb, errors: JSON.parse(result.stdout).errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const figures = (m: Measured) =>
  `${m.seconds.toFixed(2)} s (${m.cpuSeconds.toFixed(2)} s CPU, node and engine), peak RSS node ${m.nodeMb.toFixed(0)} MB + engine ${m.engineMb.toFixed(0)} MB = ${(m.nodeMb + m.engineMb).toFixed(0)} MB, ${m.errors} errors`;

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
    console.log('platform-gitops validate (whole process: wall time, CPU time; peak RSS of node and of the engine)');
    console.log(`  200 clusters:  ${figures(v200)}`);
    console.log(`  1000 clusters: ${figures(v1000)}`);
    console.log(
      `  1000 vs 200: ${(v1000.seconds / v200.seconds).toFixed(2)}x time for 5x clusters (target: within 5.5x); at 1000: ${v1000.seconds.toFixed(2)} s (target: at most 6 s), node + engine ${(v1000.nodeMb + v1000.engineMb).toFixed(0)} MB (target: under 250 MB)`,
    );
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
