import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { type CommandIo, formatOptionHelp, parseCommandArgs } from '../options/index.js';
import { formatReport } from './format-report.js';
import { VALIDATE_OPTIONS } from './validate-options.js';
import { validateRepo } from './validate-repo.js';

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

/** `platform-gitops validate`: returns the exit code (0 clean, 1 findings, 2 usage or nothing to validate). */
export async function runValidateCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  const parsed = parseCommandArgs({ name: 'validate', table: VALIDATE_OPTIONS, help: HELP, positionals: true }, argv, io);
  if (typeof parsed === 'number') return parsed;
  const { options, positionals } = parsed;
  const serviceCidrs = pairs('--service-cidr', options.serviceCidr, io);
  const sources = pairs('--source', options.source, io);
  if (!serviceCidrs || !sources) return 2;
  // Paths are given from the working directory, like flux-local's; the repository holds them.
  const paths = [...positionals, ...options.path].map((p) => resolve(p));
  const repo = options.repo ? resolve(options.repo) : paths.length > 0 ? repositoryOf(paths[0]!) : process.cwd();
  const report = await validateRepo({
    repo,
    ...(paths.length > 0 ? { paths } : {}),
    ...(options.cluster ? { cluster: options.cluster } : {}),
    serviceCidrs,
    sources,
    strictSources: options.strictSources,
  });
  io.stdout.write(formatReport(report, options.format));
  if (report.clusters.length === 0 && report.findings.some((f) => f.code === 'no-clusters')) {
    io.stderr.write(`platform-gitops validate: ${report.findings.find((f) => f.code === 'no-clusters')!.message}\n`);
    return 2;
  }
  return report.errors > 0 ? 1 : 0;
}
