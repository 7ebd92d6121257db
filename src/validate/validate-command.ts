import { parseArgs } from 'node:util';
import { formatReport } from './format-report.js';
import { findKustomizeOnPath } from './kustomize/index.js';
import { validateRepo } from './validate-repo.js';

/** Where the command writes. */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

const USAGE = `Usage: platform-gitops validate [--repo DIR] [--cluster NAME] [--format text|json]
                                [--service-cidr NAME=CIDR ...] [--kustomize-bin PATH | --use-path-kustomize]

Builds every cluster's Flux tree offline, substitutes like Flux 2.9 and checks every object.
Exit codes: 0 no error (warnings allowed), 1 errors found, 2 usage error.
`;

/** `platform-gitops validate`: returns the exit code (0 clean, 1 findings, 2 usage). */
export async function runValidateCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        repo: { type: 'string' },
        cluster: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'service-cidr': { type: 'string', multiple: true },
        'kustomize-bin': { type: 'string' },
        'use-path-kustomize': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    io.stderr.write(`platform-gitops validate: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    io.stderr.write(`platform-gitops validate: --format must be text or json, not "${values.format}"\n\n${USAGE}`);
    return 2;
  }
  const serviceCidrs: Record<string, string> = {};
  for (const pair of values['service-cidr'] ?? []) {
    const [name, cidr] = pair.split('=', 2);
    if (!name || !cidr) {
      io.stderr.write(`platform-gitops validate: --service-cidr takes NAME=CIDR, not "${pair}"\n\n${USAGE}`);
      return 2;
    }
    serviceCidrs[name] = cidr;
  }
  let kustomizeBin = values['kustomize-bin'];
  if (!kustomizeBin && values['use-path-kustomize']) {
    kustomizeBin = findKustomizeOnPath();
    if (!kustomizeBin) {
      io.stderr.write('platform-gitops validate: --use-path-kustomize: neither kustomize nor kubectl is on PATH\n');
      return 2;
    }
  }
  const report = validateRepo({
    ...(values.repo ? { repo: values.repo } : {}),
    ...(values.cluster ? { cluster: values.cluster } : {}),
    ...(kustomizeBin ? { kustomizeBin } : {}),
    serviceCidrs,
  });
  io.stdout.write(formatReport(report, values.format));
  return report.errors > 0 ? 1 : 0;
}
