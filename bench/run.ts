// Benchmarks print figures; they assert nothing (timed tests are flaky on shared machines).
// `node dist/bench/run.js [cli] [validate] [home-ops]`: the named ones, all three by default.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/private/package-root.js';
import { homeOpsBench } from './home-ops-bench.js';
import { validateBench } from './validate-bench.js';

const ROOT = packageRoot();
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** Median wall time in ms of `command` over RUNS runs (after one warm-up), each in the folder `setup` returns. */
function medianMs(command: string, args: string[], setup: () => string): number {
  const once = (): number => {
    const cwd = setup();
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status} in ${cwd}`);
    return ms;
  };
  once();
  const times = Array.from({ length: RUNS }, once).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * The fast front door against `yo --version`: `platform-gitops coredns --answers` with stdin not a
 * terminal (so without Yeoman), writing the story's CoreDNS into a fresh copy of the story's
 * cilium repository and running the check after writing (clean there: cilium-core exists).
 */
function cliVersusYo(): void {
  const dirs: string[] = [];
  const storyRepo = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-bench-cli-'));
    dirs.push(dir);
    cpSync(join(ROOT, 'test/fixtures/story-01-cilium'), dir, { recursive: true });
    cpSync(join(ROOT, 'docs/examples/story-answers.yaml'), join(dir, 'answers.yaml'));
    return dir;
  };
  try {
    // Once with output, to show the run is the clean one being timed.
    const check = spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'coredns', '--answers', 'answers.yaml'], { cwd: storyRepo(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const summary = check.stdout.trim().split('\n').at(-1);
    if (check.status !== 0) {
      console.log(`platform-gitops coredns --answers exited ${check.status}; its output:\n${check.stdout}${check.stderr}`);
      return;
    }
    const cli = medianMs(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'coredns', '--answers', 'answers.yaml'], storyRepo);
    const yoBin = join(ROOT, 'node_modules/.bin/yo');
    if (!existsSync(yoBin)) {
      console.log(`platform-gitops coredns --answers (story, with the check): ${cli.toFixed(0)} ms median of ${RUNS}; yo not installed, no ratio`);
      return;
    }
    const yo = medianMs(yoBin, ['--version'], () => ROOT);
    // The floor for any run "through yeoman-environment" (the --interactive path): importing it, and nothing else.
    const envImport = medianMs(process.execPath, ['--input-type=module', '-e', "await import('yeoman-environment')"], () => ROOT);
    console.log(`CLI start-to-finish against \`yo --version\` on this machine (median of ${RUNS} runs each)`);
    console.log(`  platform-gitops coredns --answers, stdin not a terminal (story: cilium repo + 2 clusters, check after writing: "${summary}"): ${cli.toFixed(0)} ms`);
    console.log(`  yo --version: ${yo.toFixed(0)} ms`);
    console.log(`  ratio: ${(cli / yo).toFixed(2)}x (target: within 0.80x)`);
    console.log(`  Yeoman path floor (node importing yeoman-environment and doing nothing else): ${envImport.toFixed(0)} ms (${(envImport / yo).toFixed(2)}x yo --version)`);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

const all = ['cli', 'validate', 'home-ops'];
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
for (const name of wanted.filter((n) => !all.includes(n))) throw new Error(`unknown benchmark "${name}" (${all.join(', ')})`);
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const benches: Record<string, () => void> = { cli: cliVersusYo, validate: validateBench, 'home-ops': homeOpsBench };
wanted.forEach((name, i) => {
  if (i > 0) console.log();
  benches[name]!();
});
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
