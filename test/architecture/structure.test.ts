// The documented layers (docs/architecture.md) and the size rule, checked on the sources.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support/package-paths.js';

const SRC = join(ROOT, 'src');

/** Lowest first: a folder may import from its own layer or a lower one, never a higher one. */
const LAYERS: readonly (readonly string[])[] = [
  ['private', 'options'],
  ['model', 'alerts'],
  ['edit'],
  ['render', 'kit'],
  ['workspace'],
  // The engine client (src/engine), which validate builds with.
  ['engine'],
  // The chart cache reads the repository as validate's tree walk does, and validate --helm reads the cache.
  ['validate', 'charts'],
  // Where a service's files go in the repository at hand: needs validate's discovery of entry points.
  ['layout'],
  ['services'],
  ['review'],
  ['generators', 'projen'],
  ['cli'],
];
const layerOf = (folder: string): number => LAYERS.findIndex((layer) => layer.includes(folder));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level folder of src/ a file belongs to (`index.ts` at the root: the package barrel). */
const topFolder = (file: string): string | undefined => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : undefined;
};

test('every top-level folder of src/ has a layer', () => {
  const folders = readdirSync(SRC, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  assert.deepEqual(
    folders.filter((folder) => layerOf(folder) < 0),
    [],
  );
});

test('no import goes against the documented layers', () => {
  const violations: string[] = [];
  for (const file of sources(SRC)) {
    const from = topFolder(file);
    if (from === undefined) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
      const to = topFolder(resolve(dirname(file), match[1]!));
      if (to === undefined || to === from) continue;
      if (layerOf(to) > layerOf(from)) violations.push(`${relative(ROOT, file)} (${from}) imports ${match[1]} (${to})`);
    }
  }
  assert.deepEqual(violations, []);
});

/** The service folder (`src/services/<name>/`) a file belongs to, if any. */
const serviceOf = (file: string): string | undefined => {
  const parts = relative(SRC, file).split(sep);
  return parts[0] === 'services' && parts.length > 2 ? parts[1] : undefined;
};

/**
 * What a service folder must not import: another service's folder, or the services barrel (it
 * registers every service). The kit must not import any service, nor the services layer at all.
 */
function crossServiceImport(file: string, target: string): string | undefined {
  const from = serviceOf(file);
  const to = serviceOf(target);
  if (from !== undefined && to !== undefined && to !== from) return `another service's folder (${to})`;
  if (from !== undefined && target === join(SRC, 'services', 'index.ts')) return 'the services barrel (every service)';
  if (topFolder(file) === 'kit' && topFolder(target) === 'services') return 'a service (the kit knows none)';
  return undefined;
}

test('the service-boundary rule catches what it is meant to catch', () => {
  const at = (...path: string[]) => join(SRC, ...path);
  assert.equal(crossServiceImport(at('services', 'ci', 'ci-plan.ts'), at('services', 'coredns', 'model', 'index.ts')), "another service's folder (coredns)");
  assert.equal(crossServiceImport(at('services', 'metrics-server', 'metrics-server-plan.ts'), at('services', 'index.ts')), 'the services barrel (every service)');
  assert.equal(crossServiceImport(at('kit', 'helm-app.ts'), at('services', 'platform-service.ts')), 'a service (the kit knows none)');
  assert.equal(crossServiceImport(at('services', 'coredns', 'render', 'coredns-plan.ts'), at('services', 'coredns', 'model', 'index.ts')), undefined);
  assert.equal(crossServiceImport(at('services', 'coredns', 'coredns-service.ts'), at('services', 'platform-service.ts')), undefined);
  assert.equal(crossServiceImport(at('services', 'index.ts'), at('services', 'coredns', 'index.ts')), undefined);
});

test('no service folder imports another service, and the kit imports none', () => {
  const services = readdirSync(join(SRC, 'services'), { withFileTypes: true }).filter((e) => e.isDirectory());
  // CoreDNS, ci and metrics-server each have a folder: the rule below has something to hold.
  assert.deepEqual(
    ['ci', 'coredns', 'metrics-server'].filter((name) => !services.some((e) => e.name === name)),
    [],
  );
  const violations: string[] = [];
  for (const file of sources(SRC)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
      const target = resolve(dirname(file), match[1]!.replace(/\.js$/, '.ts'));
      const what = crossServiceImport(file, target);
      if (what !== undefined) violations.push(`${relative(ROOT, file)} imports ${match[1]}: ${what}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('no source file is over 400 lines (generated data files excepted)', () => {
  const long = sources(SRC)
    .filter((file) => !file.endsWith('.generated.ts'))
    .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length }))
    .filter(({ lines }) => lines > 400);
  assert.deepEqual(long, []);
});
