// The exit code of a generator run through runGenerator (platform-gitops coredns|cluster|alert
// on the Yeoman path): 1 when the check after writing found errors, else 0, taken from the
// generator that ran, so one run's errors never carry into the next in the same process.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runGenerator } from '../../src/cli/run-generator.js';
import { tempDir as newTempDir } from '../support/tree.js';

const made: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = newTempDir(prefix);
  made.push(dir);
  return dir;
};
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const CLUSTER = ['--clusters', 'infra', '--service-cidrs', 'infra=10.245.0.0/16', '--no-interactive'];

test('a run whose check after writing finds an error exits 1; the next, clean run in the same process exits 0', async () => {
  // A dependsOn on cilium-core, which an empty repository does not apply: validate says so.
  const failing = tempDir('gp-run-generator-');
  assert.equal(await runGenerator('coredns', [...CLUSTER, '--depends-on', 'cilium-core'], { cwd: failing }), 1);
  assert.ok(existsSync(join(failing, 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml')), 'the files are written either way');

  const clean = tempDir('gp-run-generator-');
  assert.equal(await runGenerator('coredns', [...CLUSTER, '--depends-on='], { cwd: clean }), 0);
});

test('a flag that takes a value but has none is a usage error, checked against the options the generator declared', async () => {
  const dir = tempDir('gp-run-generator-');
  await assert.rejects(runGenerator('coredns', ['--clusters', '--no-interactive'], { cwd: dir }), /Option '--clusters <value>' argument missing/);
  assert.equal(existsSync(join(dir, '.yo-rc.json')), false);
});
