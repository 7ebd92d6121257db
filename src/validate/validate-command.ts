import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { defaultChartCacheDir } from '../charts/index.js';
import { parseServiceCidr } from '../model/index.js';
import { type CommandIo, formatOptionHelp, parseCommandArgs } from '../options/index.js';
import { formatReport } from './format-report.js';
import { VALIDATE_OPTIONS } from './validate-options.js';
import { type ClusterShard, validateRepo } from './validate-repo.js';

// Part of validate's public API since before the option tables: the commands' one output interface.
export type { CommandIo };

// The synopsis names no option: the list below it comes from the table.
const HELP = formatOptionHelp(
  `Usage: platform-gitops validate [PATH...] [options]

Builds every cluster's Flux tree offline, substitutes like Flux 2.9 and checks every object.
Without PATH, clusters are found by their Flux entry (flux-system sync, clusters/<name>/,
kubernetes/clusters/<name>/, kubernetes/flux/cluster/). --source maps a GitRepository,
OCIRepository or ExternalArtifact (name or namespace/name) to a folder of the repository.
Exit codes: 0 no error (warnings allowed), 1 errors found, 2 usage error or no cluster found.`,
  VALIDATE_OPTIONS,
);

/** The repository holding `path`: the nearest folder above it with a .git, else the working directory when it holds `path`, else `path`. */
function repositoryOf(path: string): string {
  for (let dir = path; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, '.git'))) return dir;
    if (dirname(dir) === dir) break;
  }
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : process.cwd();
}

/** The folders that hold a Flux tree by convention; a home directory with none of them (nor .git) is not a repository. */
const FLUX_ROOTS = ['.git', 'kubernetes', 'clusters', 'flux'];

/**
 * Why `repo` is no repository to validate: the file system's root, or a home directory without
 * a Flux entry (walking either reads files that are not the repository's).
 */
function refusedRoot(repo: string): string | undefined {
  let real = repo;
  try {
    real = realpathSync(repo);
  } catch {
    return undefined; // validate says the folder is missing
  }
  if (dirname(real) === real) return `${real} is the root of the file system, not a repository: validate reads only inside a repository`;
  let home: string | undefined;
  try {
    home = realpathSync(homedir());
  } catch {
    home = undefined;
  }
  if (real === home && !FLUX_ROOTS.some((name) => existsSync(join(real, name)))) {
    return `${real} is a home directory without a Flux entry (no .git, kubernetes/, clusters/ or flux/): validate reads only inside a repository`;
  }
  return undefined;
}

/** NAME=VALUE pairs of a repeatable option; undefined when one is malformed. */
function pairs(option: string, list: readonly string[], io: CommandIo): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const pair of list) {
    const at = pair.indexOf('=');
    const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
    if (at <= 0 || !value) {
      io.stderr.write(`platform-gitops validate: ${option} takes NAME=VALUE, not "${pair}"\n\n${HELP}`);
      return undefined;
    }
    out[name] = value;
  }
  return out;
}

/** A CI matrix has at most 256 jobs; more shards than that is a typo. */
const MAX_SHARDS = 256;

/** `--shard I/N`: 1 <= I <= N <= 256. */
function parseShard(text: string): ClusterShard | 'invalid' {
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(text);
  if (!match) return 'invalid';
  const [index, count] = [Number(match[1]), Number(match[2])];
  return index >= 1 && index <= count && count <= MAX_SHARDS ? { index, count } : 'invalid';
}

/** `platform-gitops validate`: returns the exit code (0 clean, 1 findings, 2 usage or nothing to validate). */
export async function runValidateCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  const parsed = parseCommandArgs({ name: 'validate', table: VALIDATE_OPTIONS, help: HELP, positionals: true }, argv, io);
  if (typeof parsed === 'number') return parsed;
  const { options, positionals } = parsed;
  const serviceCidrs = pairs('--service-cidr', options.serviceCidr, io);
  const sources = pairs('--source', options.source, io);
  if (!serviceCidrs || !sources) return 2;
  for (const [name, cidr] of Object.entries(serviceCidrs)) {
    const problem = parseServiceCidr(cidr);
    if (typeof problem === 'string') {
      io.stderr.write(
        `platform-gitops validate: --service-cidr ${name}=${cidr.length > 64 ? `${cidr.slice(0, 64)}…` : cidr}: ${problem}\n  fix: pass the cluster's Service CIDR (kube-apiserver --service-cluster-ip-range), e.g. ${name}=10.43.0.0/16\n`,
      );
      return 2;
    }
  }
  if (options.kubeVersion !== undefined && !/^v?\d+\.\d+(\.\d+)?$/.test(options.kubeVersion)) {
    io.stderr.write(`platform-gitops validate: --kube-version takes a Kubernetes version such as 1.34.0, not "${options.kubeVersion.slice(0, 32)}"\n`);
    return 2;
  }
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (shard === 'invalid' || (shard !== undefined && options.cluster !== undefined)) {
    io.stderr.write(
      shard === 'invalid'
        ? `platform-gitops validate: --shard takes I/N, a share I from 1 to N of N shards (N at most ${MAX_SHARDS}), e.g. --shard 2/4, not "${options.shard!.slice(0, 32)}"\n`
        : 'platform-gitops validate: --shard and --cluster both choose the clusters: give one of them\n',
    );
    return 2;
  }
  // Paths are given from the working directory, like flux-local's; the repository holds them.
  const paths = [...positionals, ...options.path].map((p) => resolve(p));
  const repo = options.repo ? resolve(options.repo) : paths.length > 0 ? repositoryOf(paths[0]!) : process.cwd();
  const refused = refusedRoot(repo);
  if (refused) {
    io.stderr.write(`platform-gitops validate: ${refused}\n  fix: run it in the repository (or pass --repo DIR and the paths inside it)\n`);
    return 2;
  }
  const report = await validateRepo({
    repo,
    ...(paths.length > 0 ? { paths } : {}),
    ...(options.cluster ? { cluster: options.cluster } : {}),
    ...(shard ? { shard } : {}),
    serviceCidrs,
    sources,
    strictSources: options.strictSources,
    ...(options.helm ? { helm: { chartCache: options.chartCache ? resolve(options.chartCache) : defaultChartCacheDir(), ...(options.kubeVersion ? { kubeVersion: options.kubeVersion } : {}) } } : {}),
  });
  io.stdout.write(formatReport(report, options.format));
  if (options.commentFile !== undefined) {
    try {
      writeFileSync(resolve(options.commentFile), formatReport(report, 'markdown'));
    } catch (error) {
      io.stderr.write(`platform-gitops validate: --comment-file ${options.commentFile}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  if (report.clusters.length === 0 && report.findings.some((f) => f.code === 'no-clusters')) {
    io.stderr.write(`platform-gitops validate: ${report.findings.find((f) => f.code === 'no-clusters')!.message}\n`);
    return 2;
  }
  return report.errors > 0 ? 1 : 0;
}
