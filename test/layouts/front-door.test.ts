import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeSubGenerators } from '../../src/generators/app-generator.js';
import { clusterWarnings } from '../../src/services/coredns/index.js';
import { ROOT } from '../support/package-paths.js';
import { snapshotTree, tempDir } from '../support/tree.js';
import { runCoreDns } from './layout-repo.js';

const cli = (dir: string, args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), ...args], { cwd: dir, encoding: 'utf8', input: '', timeout: 60_000 });

describe('front door', () => {
  it('yo platform prints what each sub-generator does and writes nothing', () => {
    const dir = tempDir();
    const runner = `import { runGenerator } from ${JSON.stringify(join(ROOT, 'dist/src/cli/run-generator.js'))}; process.exitCode = await runGenerator('app', []);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', runner], { cwd: dir, encoding: 'utf8', input: '', timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    for (const name of ['coredns', 'cluster', 'alert']) assert.match(result.stderr, new RegExp(`yo platform:${name} +\\S`)); // Yeoman logs to stderr
    assert.ok(result.stderr.includes(describeSubGenerators().split('\n')[0]!));
    assert.deepEqual([...snapshotTree(dir).keys()], []);
  });

  for (const args of [
    ['coredns', '--clusters'],
    ['cluster', '--name'],
    ['alert', '--name', '--force'],
    ['validate', '--cluster'],
  ]) {
    it(`platform-gitops ${args.join(' ')}: a flag without its value is a usage error (exit 2)`, () => {
      const dir = tempDir();
      const result = cli(dir, args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /argument missing/);
      assert.deepEqual([...snapshotTree(dir).keys()], []);
    });
  }

  for (const args of [['coredns'], ['coredns', '--clusters', 'infra']]) {
    it(`platform-gitops ${args.join(' ')} without a terminal: a missing option is a usage error (exit 2)`, () => {
      const dir = tempDir();
      const result = cli(dir, args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /\[option-required\]/);
      assert.deepEqual([...snapshotTree(dir).keys()], []);
    });
  }

  it('no ANSI codes when stdout is not a terminal', () => {
    const result = cli(tempDir(), ['cluster', '--name', 'edge', '--service-cidr', '10.249.0.0/16']);
    assert.equal(result.status, 1);
    assert.ok(!(result.stdout + result.stderr).includes(String.fromCharCode(27)), 'no ANSI escape');
  });

  it("1 replica and the CIDR's first address are warnings, and the run still writes", () => {
    assert.equal(clusterWarnings({ name: 'a', serviceCidr: '10.245.0.0/16', dnsIp: '10.245.0.10', replicas: 2 }).length, 0);
    const dir = tempDir();
    const run = runCoreDns(dir, ['--clusters', 'edge', '--service-cidrs', 'edge=10.249.0.0/16', '--dns-ips', 'edge=10.249.0.1', '--replicas', '1']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /warning edge: 1 CoreDNS replica/);
    assert.match(run.stdout, /warning edge: 10\.249\.0\.1 is the first address of 10\.249\.0\.0\/16/);
  });
});
