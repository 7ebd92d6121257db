import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageRoot } from '../private/package-root.js';
import { EngineError } from './engine-error.js';

const EXE = process.platform === 'win32' ? 'platform-gitops-engine.exe' : 'platform-gitops-engine';

/** The optional per-platform package that ships the engine (esbuild's model). */
function enginePackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `@generator-platform/engine-${platform}-${arch}`;
}

/**
 * Finds the engine binary: the installed `@generator-platform/engine-<platform>-<arch>` package
 * first (its `bin/`), else the one `npx projen engine:build` put in this package's
 * dist/engine/<platform>-<arch>/. Neither is an EngineError saying how to get one.
 */
export function resolveEngineBinary(): string {
  const name = enginePackageName();
  try {
    const manifest = createRequire(import.meta.url).resolve(`${name}/package.json`);
    const candidate = join(dirname(manifest), 'bin', EXE);
    if (existsSync(candidate)) return candidate;
  } catch {
    // Not installed: optional dependencies are skipped on other platforms.
  }
  // From the package root, not this module: the CLI runs this code from its bundle (dist/cli/).
  const built = join(packageRoot(), 'dist', 'engine', `${process.platform}-${process.arch}`, EXE);
  if (existsSync(built)) return built;
  throw new EngineError(
    'engine-missing',
    `no platform-gitops-engine for ${process.platform}-${process.arch}: neither ${name} is installed nor ${built} built`,
    `install ${name}, or build it from a clone with Go (see engine/go.mod for the version): npx projen engine:build`,
  );
}
