import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';

/** A copy of test/fixtures/layouts/<name> in a temporary folder. */
export function layoutRepo(name: string): string {
  const dir = tempDir(`gp-layout-${name}-`);
  cpSync(join(ROOT, 'test/fixtures/layouts', name), dir, { recursive: true });
  return dir;
}

/**
 * Runs `platform-gitops coredns` non-interactively in `dir` (validation is the tests' own), with
 * monitoring on unless `args` say otherwise: these fixtures have no Prometheus Operator CRDs, and
 * the layouts place the monitoring files too (test/coredns/repository-defaults.test.ts tests auto).
 */
export function runCoreDns(dir: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const monitoring = args.includes('--monitoring') ? [] : ['--monitoring', 'on'];
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'coredns', '--skip-validate', ...monitoring, ...args], { cwd: dir, encoding: 'utf8', input: '', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Paths whose contents differ between two trees (added, removed or changed). */
export function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((path) => before[path] !== after[path]).sort();
}
