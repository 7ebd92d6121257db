import { resolve } from 'node:path';
import { gatherCoreDnsAnswers, missingAnswersError } from '../generators/private/coredns-answers.js';
import { type ValidationBaseline, validateAfterWriting, validationBaseline } from '../generators/private/post-validate.js';
import { COREDNS_OPTIONS } from '../services/coredns/coredns-options.js';
import { type CoreDnsAnswers, clusterWarnings } from '../services/coredns/index.js';
import { CORE_DNS_SERVICE } from '../services/index.js';
import { DiskTreeReader } from '../workspace/index.js';
import { applyLayoutOptions } from '../services/coredns/layout/layout-options.js';
import { applyRepositoryDefaults } from '../layout/repository-defaults.js';
import { isMap } from '../private/is-map.js';
import { applyChartUpgrade } from '../services/coredns/upgrade/chart-upgrade.js';
import type { CommandIo } from '../options/index.js';
import { type ServiceCommand, runServiceCommand } from './service-command.js';

const COREDNS_COMMAND: ServiceCommand<typeof COREDNS_OPTIONS, unknown> = {
  generator: 'coredns',
  usage: 'Usage: platform-gitops coredns [options]   (the same as yo platform:coredns)',
  table: COREDNS_OPTIONS,
  service: CORE_DNS_SERVICE,
  answers: (options, stored, root, { said, accepted }) => {
    const gathered = gatherCoreDnsAnswers(options, stored as CoreDnsAnswers | undefined, (path) => resolve(root, path), root);
    const reader = new DiskTreeReader(root);
    // A chart bump Renovate made in the owned files becomes the answer instead of a conflict.
    if (!gathered.fromFile) said.push(...applyChartUpgrade(gathered.answers, stored as CoreDnsAnswers | undefined, options.chartVersion, reader, accepted));
    said.push(...applyLayoutOptions(gathered.answers, options, root, reader));
    if (!gathered.fromFile && !gathered.complete) throw missingAnswersError(gathered.answers);
    if (isMap(gathered.answers)) said.push(...applyRepositoryDefaults(gathered.answers, root, reader, stored as CoreDnsAnswers | undefined));
    if (Array.isArray(gathered.answers.clusters)) said.push(...gathered.answers.clusters.flatMap(clusterWarnings).map((w) => `warning ${w}`));
    return gathered.answers;
  },
  // Exit 1 only for errors this run wrote or changed: the check before writing is the baseline.
  // Its own engine: an engine keeps each source's snapshot for its run, and this run then writes.
  before: (options, root) => validationBaseline(root, options.skipValidate),
  after: async (options, root, log, engine, before) => ((await validateAfterWriting(log, root, options.skipValidate, undefined, before as ValidationBaseline | undefined, engine)) > 0 ? 1 : 0),
};

/** `platform-gitops coredns`: the Yeoman generator in a terminal, the service runner elsewhere (see runServiceCommand). */
export function runCoreDnsCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  return runServiceCommand(COREDNS_COMMAND, argv, io);
}
