import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REPORT_FORMATS, type ReportFormat, formatReport } from './format-report.js';
import { findKustomizeOnPath } from './kustomize/index.js';
import { validateRepo } from './validate-repo.js';

/** Where the command writes. */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const FORMATS = REPORT_FORMATS;
type Format = ReportFormat;

const USAGE = `Usage: platform-gitops validate [PATH...] [--path DIR ...] [--repo DIR] [--cluster NAME]
                                [--source NAME=DIR ...] [--strict-sources] [--format text|json|github|markdown]
                                [--service-cidr NAME=CIDR ...] [--kustomize-bin PATH | --use-path-kustomize]

Builds every cluster's Flux tree offline, substitutes like Flux 2.9 and checks every object.
Without PATH, clusters are found by their Flux entry (flux-system sync, clusters/<name>/,
kubernetes/clusters/<name>/, kubernetes/flux/cluster/). --source maps a GitRepository,
OCIRepository or ExternalArtifact (name or namespace/name) to a folder of the repository.
Exit codes: 0 no error (warnings allowed), 1 errors found, 2 usage error or no cluster found.
`;

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
function pairs(option: string, list: readonly string[] | undefined, io: CommandIo): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const pair of list ?? []) {
    const at = pair.indexOf('=');
    const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
    if (at <= 0 || !value) {
      io.stderr.write(`platform-gitops validate: ${option} takes NAME=VALUE, not "${pair}"\n\n${USAGE}`);
      return undefined;
    }
    out[name] = value;
  }
  return out;
}

/** `platform-gitops validate`: returns the exit code (0 clean, 1 findings, 2 usage or nothing to validate). */
export async function runValidateCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        repo: { type: 'string' },
        path: { type: 'string', multiple: true },
        cluster: { type: 'string' },
        source: { type: 'string', multiple: true },
        'strict-sources': { type: 'boolean', default: false },
        format: { type: 'string', default: 'text' },
        'service-cidr': { type: 'string', multiple: true },
        'kustomize-bin': { type: 'string' },
        'use-path-kustomize': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    io.stderr.write(`platform-gitops validate: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    io.stderr.write(`platform-gitops validate: --format must be ${FORMATS.join(', ')}, not "${values.format}"\n\n${USAGE}`);
    return 2;
  }
  const serviceCidrs = pairs('--service-cidr', values['service-cidr'], io);
  const sources = pairs('--source', values.source, io);
  if (!serviceCidrs || !sources) return 2;
  let kustomizeBin = values['kustomize-bin'];
  if (!kustomizeBin && values['use-path-kustomize']) {
    kustomizeBin = findKustomizeOnPath();
    if (!kustomizeBin) {
      io.stderr.write('platform-gitops validate: --use-path-kustomize: neither kustomize nor kubectl is on PATH\n');
      return 2;
    }
  }
  // Paths are given from the working directory, like flux-local's; the repository holds them.
  const paths = [...positionals, ...(values.path ?? [])].map((p) => resolve(p));
  const repo = values.repo ? resolve(values.repo) : paths.length > 0 ? repositoryOf(paths[0]!) : process.cwd();
  const report = validateRepo({
    repo,
    ...(paths.length > 0 ? { paths } : {}),
    ...(values.cluster ? { cluster: values.cluster } : {}),
    ...(kustomizeBin ? { kustomizeBin } : {}),
    serviceCidrs,
    sources,
    strictSources: values['strict-sources'],
  });
  io.stdout.write(formatReport(report, format));
  if (report.clusters.length === 0 && report.findings.some((f) => f.code === 'no-clusters')) {
    io.stderr.write(`platform-gitops validate: ${report.findings.find((f) => f.code === 'no-clusters')!.message}\n`);
    return 2;
  }
  return report.errors > 0 ? 1 : 0;
}
