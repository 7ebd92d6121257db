// A projen project's .projenrc.ts runs as CommonJS by default (ts-node): `require` must find the
// package's entry points through its exports, and Node 20.19+ loads the ES modules behind them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support/package-paths.js';

test('a CommonJS require of generator-platform/projen and generator-platform gets their exports', () => {
  // A separate CommonJS process, resolving the package by name from its own folder (a self-reference).
  const script = `
    const { createRequire } = require('node:module');
    const load = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
    const projen = load('generator-platform/projen');
    const core = load('generator-platform');
    console.log(JSON.stringify({ component: typeof projen.CoreDnsGitOps, resolve: typeof core.resolveCoreDnsConfig }));`;
  const result = spawnSync(process.execPath, ['--no-warnings', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { component: 'function', resolve: 'function' });
});
