import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { BuildError } from './build-error.js';
import type { ConfinedFiles } from './confined-files.js';
import { indexSources, kustomizationFile, sourceFile } from './source-files.js';
import type { BuiltObject } from './kustomize-builder.js';

/** Finds `kustomize`, else `kubectl`, on PATH. */
export function findKustomizeOnPath(): string | undefined {
  for (const name of ['kustomize', 'kubectl']) {
    for (const dir of (process.env.PATH ?? '').split(':')) {
      const candidate = join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The arguments that build `dir` as kustomize-controller does: paths may leave the folder (not the repository). */
function argumentsFor(binary: string, dir: string): string[] {
  return basename(binary).startsWith('kubectl') ? ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir] : ['build', '--load-restrictor', 'LoadRestrictionsNone', dir];
}

/**
 * Builds the kustomization in `dir` with a real kustomize binary, after checking every path it
 * names stays inside the repository; each object is attributed to the resource file defining it,
 * else to the kustomization file.
 */
export function buildWithBinary(binary: string, dir: string, files: ConfinedFiles): BuiltObject[] {
  const index = indexSources(dir, files);
  let out: string;
  try {
    // Remote bases were refused above, so a build that takes minutes is stuck, not busy.
    out = execFileSync(binary, argumentsFor(binary, dir), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
  } catch (error) {
    throw new BuildError(`${binary} failed: ${String((error as { stderr?: string }).stderr || (error as Error).message).trim()}`, files.rel(dir));
  }
  const fallback = files.rel(kustomizationFile(dir)!);
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as Record<string, any> | null)
    .filter((object): object is Record<string, any> => Boolean(object))
    .map((object) => ({ object, file: sourceFile(object, index) ?? fallback }));
}
