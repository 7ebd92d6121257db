import { type CoreDnsAnswers, resolveCoreDnsConfig } from './model/coredns-config.js';
import { type CoreDnsPlanScope, planCoreDns } from './render/coredns-plan.js';
import { type PlannedFile } from '../../kit/index.js';
import { DiskTreeReader } from '../../workspace/disk-tree-reader.js';
import { writePlanSync } from '../../workspace/plan-writer.js';

export interface GenerateResult {
  /** Paths (relative) whose bytes changed. */
  readonly written: string[];
  /** Paths planned but already identical on disk. */
  readonly unchanged: string[];
  readonly notes: string[];
  readonly files: PlannedFile[];
}

/**
 * Writes the CoreDNS tree for `answers` into `destination` without Yeoman: validates first
 * (throwing InputError before any write), then writes only the files whose bytes differ, through
 * the same writer as the generators. Owned files are overwritten (policy `force`); use the
 * generator for conflict handling of hand-edited files. Used by benchmarks, tests and library users.
 */
export function generateCoreDnsRepo(destination: string, answers: CoreDnsAnswers, scope?: CoreDnsPlanScope): GenerateResult {
  const config = resolveCoreDnsConfig(answers);
  const plan = planCoreDns(config, new DiskTreeReader(destination), scope);
  const { statuses } = writePlanSync(plan.files, { root: destination, policy: 'force' });
  return {
    written: statuses.filter((s) => s.status !== 'identical').map((s) => s.path),
    unchanged: statuses.filter((s) => s.status === 'identical').map((s) => s.path),
    notes: plan.notes,
    files: plan.files,
  };
}
