import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEnv } from 'yeoman-environment';
import { ROOT } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';

test('yo finds platform:coredns, platform:cluster, platform:alert and platform:ci in the installed package', async () => {
  // What `yo` does once the package is installed or linked globally: look up generators in it.
  // The namespace comes from the installed folder's name, as in a global node_modules.
  const modules = join(tempDir('gp-yo-'), 'node_modules');
  mkdirSync(modules);
  symlinkSync(ROOT, join(modules, 'generator-platform'), 'dir');
  const env = createEnv();
  await env.lookup({ packagePaths: [join(modules, 'generator-platform')] });
  const namespaces = Object.keys(env.getGeneratorsMeta()).sort();
  for (const name of ['platform:alert', 'platform:ci', 'platform:cluster', 'platform:coredns']) assert.ok(namespaces.includes(name), `${name} in ${namespaces.join(', ')}`);
  const generator = await env.get('platform:coredns');
  assert.equal(typeof generator, 'function');
});
