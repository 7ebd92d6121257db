// Benchmarks print figures; they assert nothing (timed tests are flaky on shared machines).
// `node dist/bench/run.js [cli] [validate] [home-ops] [diff] [helm]`: the named ones, all five by default.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/private/package-root.js';
import { Engine } from '../src/engine/index.js';
import { median } from './bench-support.js';
import { homeOpsBench } from './home-ops-bench.js';
import { validateBench } from './validate-bench.js';
import { diffBench } from './diff-bench.js';
import { helmBench } from './helm-bench.js';

const ROOT = packageRoot();
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

interface Timed {
  readonly command: string;
  readonly args: string[];
  /** The folder to run in, made fresh per run when the command writes. */
  readonly cwd: () => string;
}

/**
 * Wall time in ms of each command over RUNS rounds (after one warm-up round), the commands run
 * in turn within a round so that a shared machine's changing load hits them alike. Returns the
 * times per command, round by round.
 */
function interleavedMs(commands: readonly Timed[]): number[][] {
  const once = ({ command, args, cwd }: Timed): number => {
    const dir = cwd();
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: dir, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status} in ${dir}`);
    return ms;
  };
  commands.forEach(once);
  const times = commands.map((): number[] => []);
  for (let round = 0; round < RUNS; round++) commands.forEach((c, i) => times[i]!.push(once(c)));
  return times;
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
    const check = spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'coredns', '--answers', 'answers.yaml'], {
      cwd: storyRepo(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const summary = check.stdout.trim().split('\n').at(-1);
    if (check.status !== 0) {
      console.log(`platform-gitops coredns --answers exited ${check.status}; its output:\n${check.stdout}${check.stderr}`);
      return;
    }
    const cliRun: Timed = { command: process.execPath, args: [join(ROOT, 'bin/platform-gitops.js'), 'coredns', '--answers', 'answers.yaml'], cwd: storyRepo };
    const yoBin = join(ROOT, 'node_modules/.bin/yo');
    if (!existsSync(yoBin)) {
      const [cli] = interleavedMs([cliRun]);
      console.log(`platform-gitops coredns --answers (story, with the check): ${median(cli!).toFixed(0)} ms median of ${RUNS}; yo not installed, no ratio`);
      return;
    }
    // The floor for any run "through yeoman-environment" (the --interactive path): importing it, and nothing else.
    const [cli, yo, envImport] = interleavedMs([
      cliRun,
      { command: yoBin, args: ['--version'], cwd: () => ROOT },
      { command: process.execPath, args: ['--input-type=module', '-e', "await import('yeoman-environment')"], cwd: () => ROOT },
    ]) as [number[], number[], number[]];
    const ratios = cli.map((ms, i) => ms / yo[i]!);
    console.log(`CLI start-to-finish against \`yo --version\` on this machine (median of ${RUNS} rounds, the three commands run in turn each round)`);
    console.log(`  platform-gitops coredns --answers, stdin not a terminal (story: cilium repo + 2 clusters, check after writing: "${summary}"): ${median(cli).toFixed(0)} ms`);
    console.log(`  yo --version: ${median(yo).toFixed(0)} ms`);
    console.log(
      `  ratio: ${(median(cli) / median(yo)).toFixed(2)}x of the medians, ${median(ratios).toFixed(2)}x median per round (range ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}) (target: within 0.80x)`,
    );
    console.log(`  Yeoman path floor (node importing yeoman-environment and doing nothing else): ${median(envImport).toFixed(0)} ms (${(median(envImport) / median(yo)).toFixed(2)}x yo --version)`);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** The engine's start-up on its own: spawn to the answer of its first request (a ping), median of RUNS fresh engines. */
async function engineStartup(): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const engine = new Engine();
    const start = process.hrtime.bigint();
    const outcome = await engine.request('ping', {});
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    await engine.close();
    if (!outcome.ok) throw new Error(`engine ping: ${outcome.problem.message}`);
    if (i > 0) times.push(ms); // the first one warms the page cache
  }
  console.log(`  engine start-up (spawn to first answer, a ping): ${median(times).toFixed(0)} ms median of ${RUNS} (range ${Math.min(...times).toFixed(0)}-${Math.max(...times).toFixed(0)})`);
}

const all = ['cli', 'validate', 'home-ops', 'diff', 'helm'];
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
for (const name of wanted.filter((n) => !all.includes(n))) throw new Error(`unknown benchmark "${name}" (${all.join(', ')})`);
console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const cli = async (): Promise<void> => {
  cliVersusYo();
  await engineStartup();
};
const benches: Record<string, () => void | Promise<void>> = { cli, validate: validateBench, 'home-ops': homeOpsBench, diff: diffBench, helm: helmBench };
for (const [i, name] of wanted.entries()) {
  if (i > 0) console.log();
  await benches[name]!();
}
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
