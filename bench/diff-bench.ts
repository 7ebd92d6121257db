// diff benchmark: prints figures, asserts nothing (timed tests are flaky on shared machines).
// Targets: 1000 clusters with one changed at most 1 s (issue 19); a change to a file every
// cluster uses, bounded and linear (issue 18: 2000 clusters at most 30 s).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterAnswers, generateCoreDnsRepo } from '../src/index.js';
import { packageRoot } from '../src/private/package-root.js';
import { benchClusters, median } from './bench-support.js';

const ROOT = packageRoot();
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
const git = (dir: string, ...args: string[]) => execFileSync('git', args, { cwd: dir, env: GIT_ENV, stdio: 'ignore' });

/** A committed repository of `count` clusters (the story's cilium fixture plus CoreDNS each), in `parent`/`name`. */
function committedRepo(parent: string, count: number, name = `repo-${count}`): { dir: string; clusters: ClusterAnswers[] } {
  const dir = join(parent, name);
  cpSync(join(ROOT, 'test/fixtures/story-01-cilium'), dir, { recursive: true });
  const clusters = benchClusters(count);
  generateCoreDnsRepo(dir, { clusters });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-gpg-sign', '-m', 'base');
  return { dir, clusters };
}

/**
 * Median wall time and CPU time (user + system, s) of `platform-gitops diff` in its own process
 * (CPU time is what an idle machine's wall time would be: the run is single-threaded), and what it reported.
 */
function timeDiff(repo: string, tmp: string, runs: number): { seconds: number; cpu: number; summary: string } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let summary = '';
  for (let i = 0; i < runs; i++) {
    const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, join(ROOT, 'bin/platform-gitops.js'), 'diff', '--repo', repo], {
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: tmp },
      maxBuffer: 1 << 28,
    });
    if (result.status !== 0) throw new Error(`diff exited ${result.status}: ${result.stderr}`);
    const [e, u, s] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    wall.push(e!);
    cpu.push(u! + s!);
    summary = result.stdout.trim().split('\n').at(-1)!;
  }
  return { seconds: median(wall), cpu: median(cpu), summary };
}

export function diffBench(): void {
  const parent = mkdtempSync(join(tmpdir(), 'gp-bench-diff-'));
  const tmp = join(parent, 'tmp');
  mkdirSync(tmp);
  try {
    console.log('platform-gitops diff (whole process, wall time, median)');
    const { dir } = committedRepo(parent, 1000);
    const settings = join(dir, 'kubernetes/clusters/c0500/cluster-settings.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(/COREDNS_REPLICAS: "\d+"/, 'COREDNS_REPLICAS: "9"'));
    const one = timeDiff(dir, tmp, RUNS);
    console.log(`  1000 clusters, one cluster's settings changed: ${one.seconds.toFixed(2)} s wall, ${one.cpu.toFixed(2)} s CPU (target: at most 1 s) -- ${one.summary}`);
    for (const count of (process.env.BENCH_DIFF_SHARED ?? '250,500,1000').split(',').filter(Boolean).map(Number)) {
      // Its own folder: the first benchmark's repository may have as many clusters.
      const shared = committedRepo(parent, count, `shared-${count}`);
      const release = join(shared.dir, 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml');
      writeFileSync(
        release,
        readFileSync(release, 'utf8').replace(/interval: (\d+)m/, (_, n) => `interval: ${Number(n) + 1}m`),
      );
      const all = timeDiff(shared.dir, tmp, 1);
      console.log(
        `  ${count} clusters, a file every cluster uses changed: ${all.seconds.toFixed(2)} s wall, ${all.cpu.toFixed(2)} s CPU (${((all.cpu / count) * 1000).toFixed(1)} ms CPU per cluster) -- ${all.summary}`,
      );
      rmSync(shared.dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
}
