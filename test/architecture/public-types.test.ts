// The declarations a consumer's compiler reads (from the package's exports) may name only
// packages the consumer gets: dependencies and Node's own modules. Types-only devDependencies
// (@kubernetes-models/*) stay inside the implementation.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support/package-paths.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, { types?: string } | string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** The package a bare specifier names: `@scope/name` or `name`. */
const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Every .d.ts the exported entry points reach, with the bare specifiers each imports. */
function declarationClosure(): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const entries = Object.values(pkg.exports).flatMap((e) => (typeof e === 'object' && e.types ? [resolve(ROOT, e.types)] : []));
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    const bare: string[] = [];
    for (const m of text.matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)) {
      const specifier = m[1]!;
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, '.d.ts'));
        if (existsSync(target)) queue.push(target);
      } else bare.push(specifier);
    }
    seen.set(file, bare);
  }
  return seen;
}

test('the public declarations import only dependencies and Node built-ins', () => {
  const allowed = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  const builtins = new Set(builtinModules);
  const closure = declarationClosure();
  assert.ok(closure.size > 20, `the exports reach ${closure.size} declaration files`);
  const leaks = [...closure].flatMap(([file, specifiers]) =>
    specifiers.filter((s) => !s.startsWith('node:') && !builtins.has(s) && !allowed.has(packageOf(s))).map((s) => `${relative(ROOT, file)} imports ${s}`),
  );
  assert.deepEqual(leaks, []);
});
