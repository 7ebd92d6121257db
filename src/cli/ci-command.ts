import { CI_OPTIONS } from '../services/ci/ci-options.js';
import { gatherCiAnswers } from '../services/ci/ci-answers.js';
import { type CiAnswers, type CiConfig } from '../services/ci/index.js';
import { detectGitopsPaths } from '../services/ci/index.js';
import { CI_SERVICE } from '../services/index.js';
import { DiskTreeReader } from '../workspace/index.js';
import type { CommandIo } from '../options/index.js';
import { type ServiceCommand, runServiceCommand } from './service-command.js';

const CI_COMMAND: ServiceCommand<typeof CI_OPTIONS, CiConfig> = {
  generator: 'ci',
  usage: 'Usage: platform-gitops ci [options]   (the same as yo platform:ci)',
  table: CI_OPTIONS,
  service: CI_SERVICE,
  // Every CI answer has a default: a run without a terminal never lacks one.
  answers: (options, stored, root) => gatherCiAnswers(options, stored as CiAnswers | undefined, () => detectGitopsPaths(new DiskTreeReader(root))),
};

/** `platform-gitops ci`: the workflow and renovate.json, through the same writer as every generator. */
export function runCiCommand(argv: readonly string[], io: CommandIo = process): Promise<number> {
  return runServiceCommand(CI_COMMAND, argv, io);
}
