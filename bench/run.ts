// Benchmarks print figures; they assert nothing (timed tests are flaky on shared machines).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/private/package-root.js';
import { validateBench } from './validate-bench.js';

const ROOT = packageRoot();
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** Median wall time in ms of `command` over RUNS runs (after one warm-up). */
function medianMs(command: string, args: string[], cwd: string): number {
  const once = (): number => {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  once();
  const times = Array.from({ length: RUNS }, once).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function cliVersusYo(): void {
  const dir = mkdtempSync(join(tmpdir(), 'gp-bench-'));
  copyFileSync(join(ROOT, 'docs/examples/story-answers.yaml'), join(dir, 'answers.yaml'));
  const cli = medianMs(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'coredns', '--answers', 'answers.yaml', '--skip-validate'], dir);
  const yoBin = join(ROOT, 'node_modules/.bin/yo');
  if (!existsSync(yoBin)) {
    console.log(`platform-gitops coredns (story, non-interactive): ${cli.toFixed(0)} ms median of ${RUNS}; yo not installed, no ratio`);
    return;
  }
  const yo = medianMs(yoBin, ['--version'], dir);
  // The floor for any run "through yeoman-environment": importing it, and nothing else.
  const envImport = medianMs(process.execPath, ['--input-type=module', '-e', "await import('yeoman-environment')"], ROOT);
  console.log('CLI start-to-finish against `yo --version` on this machine (median of', RUNS, 'runs each)');
  console.log(`  platform-gitops coredns --answers (story, 2 clusters): ${cli.toFixed(0)} ms`);
  console.log(`  yo --version:                                         ${yo.toFixed(0)} ms`);
  console.log(`  ratio: ${(cli / yo).toFixed(2)}x (target: within 1.30x)`);
  console.log(`  node importing yeoman-environment and doing nothing else: ${envImport.toFixed(0)} ms (${(envImport / yo).toFixed(2)}x yo --version)`);
}

cliVersusYo();
console.log();
validateBench();
