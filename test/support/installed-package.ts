import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './package-paths.js';

export interface InstalledPackage {
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** Every path in the tarball, relative to the package root. */
  readonly files: readonly string[];
  /** The folder holding the installed `yo` and `platform-gitops` commands. */
  readonly bin: string;
}

/**
 * Packs this package (compiled: the tarball holds dist/) and installs it with yo@7 into a private
 * prefix under `dir`, as a user would install both; the npm cache serves what it holds.
 */
export function packAndInstall(dir: string): InstalledPackage {
  mkdirSync(dir, { recursive: true });
  const packed = JSON.parse(execFileSync('npm', ['pack', ROOT, '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as {
    filename: string;
    files: { path: string }[];
  }[];
  const tarball = join(dir, packed[0]!.filename);
  const prefix = join(dir, 'prefix');
  execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', 'yo@7', tarball], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  return { tarball, files: packed[0]!.files.map((file) => file.path), bin: join(prefix, 'node_modules', '.bin') };
}
