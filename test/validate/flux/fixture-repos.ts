import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Finding } from '../../../src/index.js';
import { ROOT } from '../../support/package-paths.js';
import { tempDir } from '../../support/tree.js';

/** The fixture repositories, one per real-world layout. */
export const REPOS = join(ROOT, 'test', 'fixtures', 'repos');

/** What a golden expected-findings.json holds per finding. */
export const brief = (f: Finding) => ({ code: f.code, severity: f.severity, ...(f.file ? { file: f.file } : {}) });

/** A writable copy of a fixture repository, in a folder named like the fixture (cluster names derive from it). */
export function copyRepo(name: string): string {
  const dir = join(tempDir(), name);
  cpSync(join(REPOS, name), dir, { recursive: true });
  return dir;
}

/** Writes `text` to `file` of `repo`, creating folders. */
export function put(repo: string, file: string, text: string): void {
  mkdirSync(dirname(join(repo, file)), { recursive: true });
  writeFileSync(join(repo, file), text);
}

/** Replaces `from` by `to` in a file, failing when `from` is not there (the fault must be injected). */
export function change(repo: string, file: string, from: string, to: string): void {
  const text = readFileSync(join(repo, file), 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
  writeFileSync(join(repo, file), text.replace(from, to));
}

/** A minimal Flux Kustomization document. */
export function fluxKs(name: string, path: string, extra = '', source = 'kind: GitRepository\n    name: flux-system'): string {
  return `---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  prune: true\n  path: ${path}\n  sourceRef:\n    ${source}\n${extra}`;
}

/** Captured output of the command. */
export function captureIo(): { io: { stdout: { write(t: string): boolean }; stderr: { write(t: string): boolean } }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t) => out.push(t) > 0 }, stderr: { write: (t) => err.push(t) > 0 } }, out, err };
}
