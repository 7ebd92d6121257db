/**
 * The generator on the corpus (issue 19), outside `npm test`:
 * `node dist/bench/corpus-generator.js [SNAPSHOT_DIR ...]` after `npx projen compile`.
 *
 * Each `<owner>+<name>[@commit].tgz` (default: ../shared/corpus beside the project) is unpacked
 * and committed as a user's checkout is. Then `platform-gitops coredns`, non-interactive, runs as
 * a user of that repository would: once plain and once with `--adopt`, each on a fresh checkout,
 * for the clusters `validate` finds. Each cluster's Service CIDR is what its user would answer:
 * the /16 holding the ClusterIP its CoreDNS release has, else k3s's 10.43.0.0/16.
 * Printed per repository and run: the exit code, the files changed, whether every cluster's
 * build reaches a CoreDNS HelmRelease afterwards, and whether a second run writes 0 bytes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { packageRoot } from '../src/private/package-root.js';

const ROOT = packageRoot();
const CLI = join(ROOT, 'bin', 'platform-gitops.js');

interface ClusterSummary {
  readonly name: string;
  readonly helmReleases: readonly { name: string; namespace: string; chart: string; clusterIP?: string }[];
}

const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=corpus', '-c', 'user.email=corpus@localhost', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, encoding: 'utf8' });

function unpack(tgz: string, into: string): string {
  const dir = join(into, basename(tgz, '.tgz'));
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'snapshot');
  return dir;
}

const cli = (dir: string, args: readonly string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });

function clusters(dir: string): ClusterSummary[] {
  const run = cli(dir, ['validate', '--format', 'json']);
  try {
    return (JSON.parse(run.stdout) as { clusters: ClusterSummary[] }).clusters;
  } catch {
    return [];
  }
}

/** The tree as git would commit it: equal before and after a run means the run wrote 0 bytes. */
const treeOf = (dir: string): string => {
  git(dir, 'add', '-A');
  return git(dir, 'write-tree').trim();
};

interface Outcome {
  readonly exit: number | null;
  readonly changed: number;
  readonly reached: string;
  readonly rerun: string;
  readonly says: string;
}

/** The /16 around the cluster's CoreDNS ClusterIP, else 10.43.0.0/16. */
function serviceCidr(cluster: ClusterSummary): string {
  const ip = cluster.helmReleases.find((r) => r.chart === 'coredns' && /^\d+\.\d+\.\d+\.\d+$/.test(r.clusterIP ?? ''))?.clusterIP;
  return ip ? `${ip.split('.').slice(0, 2).join('.')}.0.0/16` : '10.43.0.0/16';
}

function generate(dir: string, found: readonly ClusterSummary[], extra: readonly string[]): Outcome {
  const names = found.map((c) => c.name);
  const args = ['coredns', '--no-interactive', '--clusters', names.join(','), '--service-cidrs', found.map((c) => `${c.name}=${serviceCidr(c)}`).join(','), ...extra];
  const first = cli(dir, args);
  const changed = git(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean).length;
  const after = clusters(dir);
  const reaching = after.filter((c) => c.helmReleases.some((r) => r.chart === 'coredns'));
  const before = treeOf(dir);
  const second = cli(dir, args);
  const rerun = second.status === first.status && treeOf(dir) === before ? '0 bytes' : `changed (exit ${second.status})`;
  const lines = `${first.stdout}${first.stderr}`.trim().split('\n');
  const says = (lines.find((l) => /error|refus|stop|pass --|\[[a-z-]+\]/i.test(l)) ?? lines.at(-1) ?? '').trim().slice(0, 140);
  return { exit: first.status, changed, reached: `${reaching.length}/${after.length}`, rerun: changed === 0 ? '-' : rerun, says };
}

const folders = process.argv.slice(2);
const sources = folders.length > 0 ? folders : [join(ROOT, '..', 'shared', 'corpus')];
const snapshots = sources.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(d, f)),
);
const work = mkdtempSync(join(tmpdir(), 'platform-gitops-corpus-generator-'));
try {
  console.log('| repository | clusters | run | exit | files changed | clusters reaching CoreDNS | second run | first line of note |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const tgz of snapshots.sort()) {
    const name = basename(tgz, '.tgz');
    const dir = unpack(tgz, work);
    const found = clusters(dir);
    const names = found.map((c) => c.name);
    for (const [run, extra] of [
      ['plain', []],
      ['--adopt', ['--adopt']],
    ] as const) {
      git(dir, 'reset', '-q', '--hard');
      git(dir, 'clean', '-qfdx');
      const o = names.length === 0 ? undefined : generate(dir, found, extra);
      const cells = o ? [o.exit, o.changed, o.reached, o.rerun, o.says.replace(/\|/g, '\\|')] : ['-', '-', '-', '-', 'validate found no cluster'];
      console.log(`| ${name} | ${names.join(', ')} | ${run} | ${cells.join(' | ')} |`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
