import { execFileSync } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, relative, resolve } from 'node:path';

/** A program could not be run: not found outside the repository, or it failed. */
export class ProgramError extends Error {}

const realOrResolved = (path: string): string => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

const inside = (folder: string, path: string): boolean => {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * PATH without what a pull request could plant a program in: relative entries (they name the
 * working folder) and every entry inside one of `untrusted` (the repository, its git top, and so
 * its node_modules/.bin, which npx puts first).
 */
function trustedPath(untrusted: readonly string[], path = process.env.PATH ?? ''): string[] {
  const roots = untrusted.map(realOrResolved);
  return path.split(delimiter).filter((entry) => entry !== '' && isAbsolute(entry) && !roots.some((root) => inside(root, realOrResolved(entry))));
}

/** The absolute path of `name` on the trusted PATH, never one the repository brings. */
export function findProgram(name: string, untrusted: readonly string[]): string {
  for (const dir of trustedPath(untrusted)) {
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new ProgramError(`${name} was not found on PATH outside the repository; install ${name}`);
}

/**
 * The environment for a program we run: PATH trusted, every GIT_* override cleared (GIT_DIR,
 * GIT_CONFIG_PARAMETERS, GIT_EXTERNAL_DIFF...), then git's system and global config ignored.
 */
function trustedEnv(untrusted: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return { ...env, PATH: trustedPath(untrusted).join(delimiter), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
}

/** Runs a trusted program with arguments (no shell); returns stdout as bytes. */
export function runProgram(program: string, args: readonly string[], options: { untrusted: readonly string[]; cwd: string; input?: string | Buffer }): Buffer {
  return execFileSync(program, args, {
    cwd: options.cwd,
    env: trustedEnv(options.untrusted),
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
}
