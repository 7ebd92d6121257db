// Issue: never touch anything outside the repository, never lose an update. Each case is a test
// named after it; each asserts the message and that nothing outside the repository changed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import { DiskTreeReader, OutsideRepositoryError, UnreadableFileError, acquireRepoLock, generateCoreDnsRepo, lockFileFor, writePlanSync } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { STORY_ANSWERS } from '../support/story.js';
import { readTree, snapshotTree, tempDir } from '../support/tree.js';

const CLI = join(ROOT, 'bin/platform-gitops.js');

/** A repository folder and a sibling "outside" folder holding one file. */
function repoWithOutside(): { repo: string; outside: string } {
  const base = tempDir('gp-safety-');
  const repo = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(repo);
  mkdirSync(outside);
  writeFileSync(join(outside, 'cluster-settings.yaml'), '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: secret-of-the-host\n');
  return { repo, outside };
}

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', input: '' });
}

describe('writes stay inside the repository', () => {
  test('kubernetes/ as a link to a folder outside: refused, naming the link; nothing outside written', () => {
    const { repo, outside } = repoWithOutside();
    symlinkSync(outside, join(repo, 'kubernetes'));
    const before = snapshotTree(outside);
    assert.throws(
      () => generateCoreDnsRepo(repo, STORY_ANSWERS),
      (error: Error) => error instanceof OutsideRepositoryError && /^kubernetes: is a link to .*outside, outside the repository/.test(error.message),
    );
    assert.deepEqual(snapshotTree(outside), before);
  });

  test('kubernetes/clusters/ as a link to a folder outside, through the CLI: exit 1, the path named, nothing written', () => {
    const { repo, outside } = repoWithOutside();
    mkdirSync(join(repo, 'kubernetes'));
    symlinkSync(outside, join(repo, 'kubernetes/clusters'));
    writeFileSync(join(repo, 'answers.yaml'), stringify(STORY_ANSWERS));
    const before = snapshotTree(outside);
    const result = cli(['coredns', '--answers', 'answers.yaml', '--skip-validate'], repo);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /kubernetes\/clusters: is a link to .*outside the repository/);
    assert.deepEqual(snapshotTree(outside), before);
    assert.ok(!existsSync(join(repo, 'kubernetes/infrastructure')), 'nothing of the plan was written');
  });

  test('a file that is a link to a file outside: not read, not replaced; the link named', () => {
    const { repo, outside } = repoWithOutside();
    mkdirSync(join(repo, 'kubernetes/clusters/infra'), { recursive: true });
    symlinkSync(join(outside, 'cluster-settings.yaml'), join(repo, 'kubernetes/clusters/infra/cluster-settings.yaml'));
    const before = snapshotTree(outside);
    assert.throws(() => new DiskTreeReader(repo).read('kubernetes/clusters/infra/cluster-settings.yaml'), /cluster-settings\.yaml: is a link to .*outside the repository/);
    assert.throws(() => generateCoreDnsRepo(repo, STORY_ANSWERS), OutsideRepositoryError);
    assert.deepEqual(snapshotTree(outside), before);
    assert.ok(statSync(join(repo, 'kubernetes/clusters/infra')).isDirectory());
  });

  test('a link inside the repository is followed: the link stays and its target is written', () => {
    const repo = tempDir('gp-safety-');
    mkdirSync(join(repo, 'real-clusters'));
    mkdirSync(join(repo, 'kubernetes'));
    symlinkSync(join(repo, 'real-clusters'), join(repo, 'kubernetes/clusters'));
    generateCoreDnsRepo(repo, STORY_ANSWERS);
    assert.ok(existsSync(join(repo, 'real-clusters/infra/cluster-settings.yaml')));
  });

  test('a path with .. or an absolute path is refused by the writer', () => {
    const repo = tempDir('gp-safety-');
    for (const path of ['../escape.yaml', '/tmp/escape.yaml', 'a/../../escape.yaml']) {
      assert.throws(() => writePlanSync([{ path, contents: 'x: 1\n', role: 'owned' }], { root: repo, policy: 'force' }), /is not a path inside the repository/);
    }
  });

  test('a FIFO where a file is expected: refused at once, never a hang', () => {
    const repo = tempDir('gp-safety-');
    mkdirSync(join(repo, 'kubernetes/clusters/infra'), { recursive: true });
    const made = spawnSync('mkfifo', [join(repo, 'kubernetes/clusters/infra/cluster-settings.yaml')]);
    assert.equal(made.status, 0, 'mkfifo');
    assert.throws(
      () => generateCoreDnsRepo(repo, STORY_ANSWERS),
      (error: Error) => error instanceof UnreadableFileError && /cluster-settings\.yaml: is not a regular file/.test(error.message),
    );
  });

  test('a file over the size limit: refused with the limit in the message', () => {
    const repo = tempDir('gp-safety-');
    mkdirSync(join(repo, 'kubernetes/infrastructure'), { recursive: true });
    writeFileSync(join(repo, 'kubernetes/infrastructure/kustomization.yaml'), `# ${'x'.repeat(9 * 1024 * 1024)}\n`);
    assert.throws(() => generateCoreDnsRepo(repo, STORY_ANSWERS), /over the 8388608-byte limit/);
  });
});

describe('rewrites keep what the file was', () => {
  test('file modes 444 and 600 survive a rewrite', () => {
    const repo = tempDir('gp-modes-');
    generateCoreDnsRepo(repo, STORY_ANSWERS);
    const settings = join(repo, 'kubernetes/clusters/infra/cluster-settings.yaml');
    const release = join(repo, 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml');
    chmodSync(settings, 0o600);
    chmodSync(release, 0o444);
    generateCoreDnsRepo(repo, { ...STORY_ANSWERS, clusters: STORY_ANSWERS.clusters.map((c) => ({ ...c, replicas: 3 })), chart: { version: '1.38.1', source: 'helm' } });
    assert.match(readFileSync(settings, 'utf8'), /COREDNS_REPLICAS: "3"/);
    assert.match(readFileSync(release, 'utf8'), /version: 1\.38\.1/);
    assert.equal(statSync(settings).mode & 0o777, 0o600);
    assert.equal(statSync(release).mode & 0o777, 0o444);
  });

  test('CRLF line endings of a merged file survive, and an unchanged CRLF file is not rewritten', () => {
    const repo = tempDir('gp-crlf-');
    generateCoreDnsRepo(repo, STORY_ANSWERS);
    const settings = join(repo, 'kubernetes/clusters/infra/cluster-settings.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(/\n/g, '\r\n').replace('data:\r\n', 'data:\r\n  KEPT: "yes" # a comment\r\n'));
    const unchanged = generateCoreDnsRepo(repo, STORY_ANSWERS);
    assert.ok(unchanged.unchanged.includes('kubernetes/clusters/infra/cluster-settings.yaml'), 'identical once line endings are taken into account');
    generateCoreDnsRepo(repo, { ...STORY_ANSWERS, clusters: STORY_ANSWERS.clusters.map((c) => ({ ...c, replicas: 4 })) });
    const text = readFileSync(settings, 'utf8');
    assert.match(text, /COREDNS_REPLICAS: "4"\r\n/);
    assert.match(text, /KEPT: "yes" # a comment\r\n/);
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, 'every line ends in CRLF');
  });
});

describe("runs never lose each other's updates", () => {
  test('4 parallel cluster adds keep all 4 clusters', async () => {
    const repo = tempDir('gp-parallel-');
    writeFileSync(join(repo, 'answers.yaml'), stringify({ ...STORY_ANSWERS, dependsOn: [] }));
    assert.equal(cli(['coredns', '--answers', 'answers.yaml', '--skip-validate'], repo).status, 0);
    const names = ['edge1', 'edge2', 'edge3', 'edge4'];
    const runs = names.map(
      (name, index) =>
        new Promise<{ code: number | null; err: string }>((resolve) => {
          const child = spawn(process.execPath, [CLI, 'cluster', '--name', name, '--service-cidr', `10.${250 + index}.0.0/16`, '--skip-validate', '--no-interactive'], {
            cwd: repo,
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let err = '';
          child.stderr.on('data', (chunk) => (err += chunk));
          child.on('close', (code) => resolve({ code, err }));
        }),
    );
    const results = await Promise.all(runs);
    results.forEach((result, index) => assert.equal(result.code, 0, `${names[index]}: ${result.err}`));
    const stored = JSON.parse(readFileSync(join(repo, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns.clusters.map((c: { name: string }) => c.name);
    assert.deepEqual([...stored].sort(), ['apps', 'edge1', 'edge2', 'edge3', 'edge4', 'infra']);
    for (const name of names) assert.ok(existsSync(join(repo, `kubernetes/clusters/${name}/cluster-settings.yaml`)), name);
    assert.ok(!existsSync(lockFileFor(repo)), 'the lock is released');
  });

  test('.yo-rc.json is replaced by rename, never rewritten in place, so a run starting meanwhile never reads half of it', () => {
    const repo = tempDir('gp-yorc-rename-');
    writeFileSync(join(repo, 'answers.yaml'), stringify({ ...STORY_ANSWERS, dependsOn: [] }));
    assert.equal(cli(['coredns', '--answers', 'answers.yaml', '--skip-validate'], repo).status, 0);
    const before = statSync(join(repo, '.yo-rc.json')).ino;
    // platform:cluster runs through Yeoman, whose own commit would write .yo-rc.json in place.
    const added = cli(['cluster', '--name', 'edge', '--service-cidr', '10.250.0.0/16', '--skip-validate', '--no-interactive'], repo);
    assert.equal(added.status, 0, added.stderr);
    assert.match(readFileSync(join(repo, '.yo-rc.json'), 'utf8'), /"name": "edge"/);
    assert.notEqual(statSync(join(repo, '.yo-rc.json')).ino, before, 'a new file renamed into place');
  });

  // Every generator command waits, platform:alert too (a generator's own `initializing` once
  // shadowed the base one that takes the lock).
  const WAITING_RUNS = [
    { command: ['cluster', '--name', 'edge1', '--service-cidr', '10.251.0.0/16'], clusters: ['infra', 'apps', 'edge0', 'edge1'], rules: [] },
    { command: ['alert', '--preset', 'panics'], clusters: ['infra', 'apps', 'edge0'], rules: [{ preset: 'panics' }] },
  ];
  for (const { command, clusters, rules } of WAITING_RUNS) {
    test(`platform-gitops ${command[0]} waits for the lock, then reads the answers stored while it waited, not those it saw at start`, async () => {
      const repo = tempDir('gp-lock-stale-');
      writeFileSync(join(repo, 'answers.yaml'), stringify({ ...STORY_ANSWERS, dependsOn: [] }));
      assert.equal(cli(['coredns', '--answers', 'answers.yaml', '--skip-validate'], repo).status, 0);
      const holder = spawn(
        process.execPath,
        ['-e', `import(${JSON.stringify(join(ROOT, 'dist/src/workspace/index.js'))}).then((m) => { m.acquireRepoLock(${JSON.stringify(repo)}); console.log('held'); setTimeout(() => {}, 30000); })`],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      try {
        await new Promise((resolve) => holder.stdout.once('data', resolve));
        const run = spawn(process.execPath, [CLI, ...command, '--skip-validate', '--no-interactive'], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        run.stderr.on('data', (chunk) => (err += chunk));
        const exited = new Promise<number | null>((resolve) => run.on('close', resolve));
        // Long enough for the run to have started and read .yo-rc.json; it now waits for the lock.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        assert.equal(run.exitCode, null, `still waiting for the lock\n${err}`);
        // What another run that held the lock stores meanwhile: a cluster edge0.
        const yoRcPath = join(repo, '.yo-rc.json');
        const yoRc = JSON.parse(readFileSync(yoRcPath, 'utf8'));
        yoRc['generator-platform'].coredns.clusters.push({ name: 'edge0', serviceCidr: '10.250.0.0/16' });
        writeFileSync(yoRcPath, `${JSON.stringify(yoRc, null, 2)}\n`);
        holder.kill('SIGKILL');
        assert.equal(await exited, 0, err);
        const stored = JSON.parse(readFileSync(yoRcPath, 'utf8'))['generator-platform'].coredns;
        assert.deepEqual(
          stored.clusters.map((c: { name: string }) => c.name),
          clusters,
        );
        assert.deepEqual(stored.alerts.rules, rules);
      } finally {
        holder.kill('SIGKILL');
      }
    });
  }

  test('a lock held by a live run makes another wait and then say who holds it', () => {
    const repo = tempDir('gp-lock-');
    const holder = spawn(
      process.execPath,
      ['-e', `import(${JSON.stringify(join(ROOT, 'dist/src/workspace/index.js'))}).then((m) => { m.acquireRepoLock(${JSON.stringify(repo)}); console.log('held'); setTimeout(() => {}, 20000); })`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    return new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => {
        try {
          assert.throws(
            () => acquireRepoLock(repo, { waitMs: 300 }),
            new RegExp(`another platform-gitops run \\(pid ${holder.pid} of \\S+ on \\S+, since \\d{4}-[^)]+\\) is changing this repository \\(lock `),
          );
          holder.kill('SIGKILL');
          holder.once('exit', () => {
            // The holder was killed: its lock is stale and taken over.
            const release = acquireRepoLock(repo, { waitMs: 2000 });
            release();
            assert.ok(!existsSync(lockFileFor(repo)));
            resolve();
          });
        } catch (error) {
          holder.kill('SIGKILL');
          reject(error);
        }
      });
    });
  });

  test("20 random kill -9 during a large run, each followed by a re-run, converge to the clean run's bytes with no temp file left", async () => {
    const clusters = Array.from({ length: 300 }, (_, i) => ({ name: `c${i}`, serviceCidr: `10.${64 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20` }));
    const answers = stringify({ clusters, dependsOn: [], chart: { version: '1.38.0', source: 'helm' } });
    const clean = tempDir('gp-kill-clean-');
    writeFileSync(join(clean, 'answers.yaml'), answers);
    const start = Date.now();
    assert.equal(cli(['coredns', '--answers', 'answers.yaml', '--skip-validate'], clean).status, 0);
    const cleanMs = Date.now() - start;
    const expected = readTree(clean);
    for (let trial = 0; trial < 20; trial++) {
      const repo = tempDir('gp-kill-');
      writeFileSync(join(repo, 'answers.yaml'), answers);
      const child = spawn(process.execPath, [CLI, 'coredns', '--answers', 'answers.yaml', '--skip-validate'], { cwd: repo, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * cleanMs));
      child.kill('SIGKILL');
      await exited;
      const rerun = cli(['coredns', '--answers', 'answers.yaml', '--skip-validate'], repo);
      assert.equal(rerun.status, 0, `trial ${trial}: ${rerun.stderr}`);
      assert.deepEqual(readTree(repo), expected, `trial ${trial}: the tree equals the clean run's`);
      assert.deepEqual(tempFiles(repo), [], `trial ${trial}: no temp file left`);
    }
  });
});

function tempFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.tmp'));
}
