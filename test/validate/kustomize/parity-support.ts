import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findKustomizeOnPath } from '../../../src/validate/kustomize/index.js';
import { ROOT } from '../../support/package-paths.js';

/** The fixtures' repository root: builds may reach anywhere below it. */
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'kustomize');

/** kubectl or kustomize from PATH, or why a parity test skips. */
export const BINARY = findKustomizeOnPath();
export const NO_BINARY = !BINARY && 'neither kustomize nor kubectl on PATH';

type Objects = Array<Record<string, any>>;

/** Objects in a stable order: kind, namespace, name. */
export function sorted(objects: Objects): Objects {
  const key = (o: Record<string, any>) => [o.kind, o.metadata?.namespace ?? '', o.metadata?.name].join('/');
  return [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** What real kustomize (as Flux runs it) builds `dir` to. */
export function kustomizeBuild(dir: string): Objects {
  const args = BINARY!.endsWith('kubectl') ? ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir] : ['build', '--load-restrictor', 'LoadRestrictionsNone', dir];
  return parseAllDocuments(execFileSync(BINARY!, args, { encoding: 'utf8' }))
    .map((doc) => doc.toJS())
    .filter(Boolean);
}

/** Runs `fn` with an empty PATH, so a build that succeeds was done in process, not by the fallback. */
export function withoutPath<T>(fn: () => T): T {
  const saved = process.env.PATH;
  process.env.PATH = '';
  try {
    return fn();
  } finally {
    process.env.PATH = saved;
  }
}
