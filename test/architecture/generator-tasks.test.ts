// PlatformGenerator takes the repository lock in its `initializing` task. Yeoman's inheritTasks
// keeps one method per task name, so a generator with its own `initializing` would run unlocked:
// platform:alert once did. Each generator's other tasks are its own.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PlatformGenerator } from '../../src/generators/private/platform-generator.js';
import { ROOT, generatorPath } from '../support/package-paths.js';
import { registeredServices } from '../../src/services/index.js';

test('no writing generator defines its own initializing task, so every one runs under the lock', async () => {
  const writers: string[] = [];
  for (const name of readdirSync(join(ROOT, 'generators'))) {
    const { default: Generator } = (await import(pathToFileURL(generatorPath(name)).href)) as { default: { prototype: object } };
    // `yo platform` (app) only prints what the others do; it writes nothing and takes no lock.
    if (!(Generator.prototype instanceof PlatformGenerator)) continue;
    writers.push(name);
    for (let proto = Generator.prototype; proto !== PlatformGenerator.prototype; proto = Object.getPrototypeOf(proto)) {
      assert.ok(!Object.hasOwn(proto, 'initializing'), `platform:${name} defines initializing, which hides the one that takes the lock`);
    }
  }
  // Every registered service has its generator (its shim), beside the tools.
  assert.deepEqual(writers.sort(), ['alert', 'cluster', ...registeredServices().map((service) => service.name)].sort());
});
