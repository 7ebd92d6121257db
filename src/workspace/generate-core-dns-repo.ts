import { join } from 'node:path';
import { type CoreDnsAnswers, resolveCoreDnsConfig } from '../model/index.js';
import { type CoreDnsPlanScope, type PlannedFile, planCoreDns } from '../render/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { DiskTreeReader } from './disk-tree-reader.js';

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
 * (throwing InputError before any write), then writes only the files whose bytes differ.
 * Owned files are overwritten; use the generator for conflict handling of hand-edited files.
 * Used by benchmarks, tests and library users.
 */
export function generateCoreDnsRepo(destination: string, answers: CoreDnsAnswers, scope?: CoreDnsPlanScope): GenerateResult {
  const config = resolveCoreDnsConfig(answers);
  const reader = new DiskTreeReader(destination);
  const plan = planCoreDns(config, reader, scope);
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const file of plan.files) {
    if (reader.read(file.path) === file.contents) {
      unchanged.push(file.path);
      continue;
    }
    writeFileAtomic(join(destination, file.path), file.contents);
    written.push(file.path);
  }
  return { written, unchanged, notes: plan.notes, files: plan.files };
}
