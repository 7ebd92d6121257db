// Issue 18 (and 19's lock and adopt items): a repository cannot make a run read, delete or
// change anything outside it, lose an update, or fail without naming the file. One test per case;
// each asserts the exit code, the message, and that nothing outside the repository was read or
// changed: a canary file beside the repository and a canary environment variable that must appear
// in no output.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs, { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { after, describe, mock, test } from 'node:test';
import { stringify } from 'yaml';
import { PlanWriteError, lockFileFor, runStatePaths, writePlanSync } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { STORY_ANSWERS } from '../support/story.js';
import { snapshotTree, tempDir } from '../support/tree.js';

const CLI = join(ROOT, 'bin/platform-gitops.js');
const CANARY_FILE = `canary-file-${randomBytes(8).toString('hex')}`;
const CANARY_ENV = `canary-env-${randomBytes(8).toString('hex')}`;
const ANSWERS = stringify({ ...STORY_ANSWERS, dependsOn: [] });
const HELM_RELEASE = 'kubernetes/apps/kube-system/coredns/app/helmrelease.yaml';
const ADOPT = ['coredns', '--clusters', 'home', '--service-cidrs', 'home=10.43.0.0/16', '--adopt', '--skip-validate'];

/** This file's own folder for every sandbox (never the system temp dir itself), removed at the end. */
const OWN = tempDir('gp-repository-safety-');
after(() => rmSync(OWN, { recursive: true, force: true }));

interface Sandbox {
  readonly repo: string;
  readonly outside: string;
}

/** A repository and, beside it, a folder holding the canary file (the secret a run must not read). */
function sandbox(options: { git?: boolean; answers?: boolean } = {}): Sandbox {
  const base = fs.mkdtempSync(join(OWN, 'box-'));
  const repo = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(repo);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.yaml'), `${CANARY_FILE}: ${CANARY_FILE}\n`);
  if (options.git) mkdirSync(join(repo, '.git'));
  if (options.answers !== false) writeFileSync(join(repo, 'answers.yaml'), ANSWERS);
  return { repo, outside };
}

/** A copy of test/fixtures/layouts/existing-coredns (a home-ops repository with one CoreDNS release) in a sandbox. */
function adoptSandbox(edit: (text: string) => string): Sandbox {
  const box = sandbox({ answers: false });
  cpSync(join(ROOT, 'test/fixtures/layouts/existing-coredns'), box.repo, { recursive: true });
  const file = join(box.repo, HELM_RELEASE);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return box;
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', input: '', timeout: 120_000, env: { ...process.env, GP_TEST_CANARY: CANARY_ENV, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `platform-gitops args` in the sandbox's repository and checks what every case checks. */
function run(box: Sandbox, args: readonly string[], expected: { status: number; says?: RegExp; unchanged?: boolean }, env: NodeJS.ProcessEnv = {}): Run {
  const outsideBefore = snapshotTree(box.outside);
  const repoBefore = snapshotTree(box.repo);
  const result = cli(args, box.repo, env);
  const output = result.stdout + result.stderr;
  assert.equal(result.status, expected.status, `exit ${expected.status}\n${output.slice(0, 3000)}`);
  if (expected.says) assert.match(output, expected.says);
  assert.doesNotMatch(output, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
  assertNoLeak(box, output, outsideBefore);
  if (expected.unchanged) assert.deepEqual(snapshotTree(box.repo), repoBefore, 'nothing in the repository changed');
  return result;
}

/** Neither canary in the output, nothing outside the repository changed. */
function assertNoLeak(box: Sandbox, output: string, outsideBefore: ReturnType<typeof snapshotTree>): void {
  assert.ok(!output.includes(CANARY_FILE), 'the canary file outside was not read into the output');
  assert.ok(!output.includes(CANARY_ENV), 'the canary environment variable is in no output');
  assert.deepEqual(snapshotTree(box.outside), outsideBefore, 'nothing outside the repository changed');
}

/** Our temp files, and every file ending in .tmp, anywhere in the repository (.git included). */
function leftovers(repo: string): string[] {
  return readdirSync(repo, { recursive: true, encoding: 'utf8' }).filter((name) => /platform-gitops-\d+-[0-9a-f]+\.tmp$|\.journal$|\.lock$/.test(name));
}

describe('the lock lives with the repository', () => {
  test('inside .git where there is one; released after the run; nothing in the temp dir', () => {
    const box = sandbox({ git: true });
    assert.equal(lockFileFor(box.repo), join(box.repo, '.git', 'platform-gitops.lock'));
    const tmp = join(box.repo, '..', 'tmp');
    mkdirSync(tmp);
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 }, { TMPDIR: tmp });
    assert.deepEqual(readdirSync(tmp), [], 'nothing written to the temp dir');
    assert.deepEqual(leftovers(box.repo), [], 'no lock, journal or temp file left');
  });

  test('beside .yo-rc.json without .git', () => {
    const box = sandbox();
    assert.equal(lockFileFor(box.repo), join(box.repo, '.yo-rc.json.lock'));
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    assert.deepEqual(leftovers(box.repo), []);
  });

  test('works for every user: an unprivileged user runs after root ran', (t) => {
    if (process.getuid?.() !== 0) return t.skip('needs root to switch to another user');
    if (spawnSync('setpriv', ['--version']).status !== 0) return t.skip('no setpriv on this system');
    const box = sandbox({ git: true });
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    // nobody may walk to the repository and owns it, as a user owns their checkout.
    for (const dir of [OWN, join(box.repo, '..')]) fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['-R', '65534:65534', box.repo]);
    const result = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'cluster', '--name', 'edge', '--service-cidr', '10.250.0.0/16', '--skip-validate', '--no-interactive'],
      { cwd: box.repo, encoding: 'utf8', env: { ...process.env, HOME: '/nonexistent', GP_TEST_CANARY: CANARY_ENV } },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.ok(!(result.stdout + result.stderr).includes(CANARY_ENV));
    assert.match(readFileSync(join(box.repo, '.yo-rc.json'), 'utf8'), /"name": "edge"/);
    assert.deepEqual(leftovers(box.repo), []);
  });

  test('parallel runs with different TMPDIR values lose no update', async () => {
    const box = sandbox({ git: true });
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    const names = ['edge1', 'edge2', 'edge3', 'edge4', 'edge5', 'edge6'];
    const results = await Promise.all(
      names.map((name, index) => {
        const tmp = join(box.repo, '..', `tmp-${index}`);
        mkdirSync(tmp);
        return new Promise<{ code: number | null; err: string }>((resolve) => {
          const child = spawn(process.execPath, [CLI, 'cluster', '--name', name, '--service-cidr', `10.${250 + index}.0.0/16`, '--skip-validate', '--no-interactive'], {
            cwd: box.repo,
            stdio: ['ignore', 'ignore', 'pipe'],
            env: { ...process.env, TMPDIR: tmp, GP_TEST_CANARY: CANARY_ENV },
          });
          let err = '';
          child.stderr.on('data', (chunk) => (err += chunk));
          child.on('close', (code) => resolve({ code, err }));
        });
      }),
    );
    results.forEach((result, index) => assert.equal(result.code, 0, `${names[index]}: ${result.err}`));
    const stored = JSON.parse(readFileSync(join(box.repo, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns.clusters.map((c: { name: string }) => c.name);
    assert.deepEqual([...stored].sort(), ['apps', ...names, 'infra']);
    assert.deepEqual(leftovers(box.repo), []);
  });

  test("a file in the lock folder's place: exit 1 naming it, left as it is", () => {
    const box = sandbox({ git: true });
    writeFileSync(join(box.repo, '.git/platform-gitops.lock'), 'mine\n');
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], {
      status: 1,
      says: /\.git\/platform-gitops\.lock is in the place of this repository's lock and is not one \(a file\); move it away/,
      unchanged: true,
    });
    assert.equal(readFileSync(join(box.repo, '.git/platform-gitops.lock'), 'utf8'), 'mine\n');
  });

  test('a dead holder (kill -9) is taken over at once', async () => {
    const box = sandbox({ git: true });
    const holder = spawn(
      process.execPath,
      ['-e', `import(${JSON.stringify(join(ROOT, 'dist/src/workspace/index.js'))}).then((m) => { m.acquireRepoLock(${JSON.stringify(box.repo)}); console.log('held'); setTimeout(() => {}, 60000); })`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    const holderRecord = JSON.parse(readFileSync(runStatePaths(box.repo).holder, 'utf8'));
    assert.equal(holderRecord.pid, holder.pid, 'the holder says who it is');
    assert.match(holderRecord.since, /^\d{4}-\d\d-\d\dT/, 'and since when');
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    const start = Date.now();
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    assert.ok(Date.now() - start < 30_000, 'not after the 60 s staleness');
    assert.deepEqual(leftovers(box.repo), []);
  });
});

describe('only our own files are ever deleted', () => {
  const USERS = ['kubernetes/notes.yml.1.deadbeef.tmp', 'notes.yml.1.deadbeef.tmp', 'kubernetes/clusters/.cluster-settings.yaml.platform-gitops-1-deadbeef.tmp'];

  function withUserFiles(box: Sandbox): void {
    for (const file of USERS) {
      mkdirSync(join(box.repo, file, '..'), { recursive: true });
      writeFileSync(join(box.repo, file), `my notes: ${file}\n`);
    }
  }

  test("a user's notes.yml.1.deadbeef.tmp (and a file named like ours) survives every command", () => {
    const box = sandbox({ git: true });
    withUserFiles(box);
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    run(box, ['cluster', '--name', 'edge', '--service-cidr', '10.250.0.0/16', '--skip-validate', '--no-interactive'], { status: 0 });
    run(box, ['alert', '--preset', 'panics', '--skip-validate', '--no-interactive'], { status: 0 });
    run(box, ['coredns', '--skip-validate', '--force'], { status: 0 });
    for (const file of USERS) assert.equal(readFileSync(join(box.repo, file), 'utf8'), `my notes: ${file}\n`, file);
  });

  test('a journal planted in the repository deletes nothing that is not ours', () => {
    const box = sandbox();
    withUserFiles(box);
    const journal = runStatePaths(box.repo).journal;
    writeFileSync(journal, [join(box.outside, 'secret.yaml'), join(box.repo, 'answers.yaml'), join(box.repo, USERS[0]!), '../outside/secret.yaml'].map((f) => `${JSON.stringify(f)}\n`).join(''));
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    for (const file of ['answers.yaml', ...USERS]) assert.ok(existsSync(join(box.repo, file)), file);
    assert.ok(existsSync(join(box.outside, 'secret.yaml')));
  });

  test("a killed run's temp files go with the next run, by its journal; --dry-run deletes nothing", () => {
    const box = sandbox({ git: true });
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    const temp = join(box.repo, 'kubernetes', '.cluster-settings.yaml.platform-gitops-4242-0badf00d.tmp');
    writeFileSync(temp, 'half a file');
    writeFileSync(runStatePaths(box.repo).journal, `${JSON.stringify(temp)}\n`);
    run(box, ['cluster', '--name', 'edge', '--service-cidr', '10.250.0.0/16', '--skip-validate', '--no-interactive', '--dry-run'], { status: 0, unchanged: true });
    assert.ok(existsSync(temp), '--dry-run left it');
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate', '--dry-run'], { status: 0, unchanged: true });
    assert.ok(existsSync(temp), '--dry-run left it');
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    assert.ok(!existsSync(temp), 'the next real run removed it');
    assert.deepEqual(leftovers(box.repo), []);
  });

  test('a folder named cluster-settings.yaml: exit 1 naming it, before any change, nothing left', () => {
    const box = sandbox({ git: true });
    mkdirSync(join(box.repo, 'kubernetes/clusters/infra/cluster-settings.yaml'), { recursive: true });
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], {
      status: 1,
      says: /kubernetes\/clusters\/infra\/cluster-settings\.yaml: is a directory where the plan writes a file; nothing was changed\n {2}fix: move or rename that directory/,
      unchanged: true,
    });
    assert.deepEqual(leftovers(box.repo), []);
  });

  test('disk full (a 256 KiB tmpfs): exit 1 naming the file, nothing changed, nothing left', (t) => {
    if (process.getuid?.() !== 0) return t.skip('mounting a tmpfs needs root; the injected write error below covers it');
    const box = sandbox();
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', box.repo], { encoding: 'utf8' });
    if (mounted.status !== 0) return t.skip(`cannot mount a tmpfs here (${mounted.stderr.trim()}); the injected write error below covers it`);
    try {
      // 60 clusters render more than 256 KiB; the answers and a .yo-rc.json from a first run fit.
      const clusters = Array.from({ length: 60 }, (_, i) => ({ name: `c${i}`, serviceCidr: `10.${64 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20` }));
      writeFileSync(join(box.repo, 'answers.yaml'), stringify({ clusters, dependsOn: [], chart: { version: '1.38.0', source: 'helm' } }));
      run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], {
        status: 1,
        says: /kubernetes\/\S+: cannot be written \(ENOSPC: no space left on device\); nothing was changed/,
        unchanged: true,
      });
      assert.deepEqual(leftovers(box.repo), [], 'no temp file, no journal');
      assert.deepEqual(readdirSync(box.repo), ['answers.yaml'], 'no folder made for the files that could not be written');
    } finally {
      execFileSync('umount', [box.repo]);
    }
  });

  test('a write error (ENOSPC injected into fs.writeSync): PlanWriteError naming the file, nothing left', () => {
    const box = sandbox();
    const files = [
      { path: 'kubernetes/a.yaml', contents: 'a: 1\n', role: 'owned' as const },
      { path: 'kubernetes/b.yaml', contents: 'b: 1\n', role: 'owned' as const },
    ];
    const original = fs.writeSync;
    let writes = 0;
    mock.method(fs, 'writeSync', (...args: Parameters<typeof fs.writeSync>) => {
      // The journal is write 1, a.yaml's temp file write 2: b.yaml's fails.
      if (++writes === 3) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return (original as (...a: unknown[]) => number)(...args);
    });
    syncBuiltinESMExports();
    try {
      assert.throws(
        () => writePlanSync(files, { root: box.repo }),
        (error: Error) => error instanceof PlanWriteError && /^kubernetes\/b\.yaml: cannot be written \(ENOSPC: no space left on device\); nothing was changed/.test(error.message),
      );
    } finally {
      mock.restoreAll();
      syncBuiltinESMExports();
    }
    assert.ok(writes >= 3, 'the injected error was hit');
    assert.deepEqual(readdirSync(box.repo), ['answers.yaml'], 'no file, temp file, journal or folder left');
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`a writing command interrupted by ${signal} leaves no temp file`, async () => {
      const box = sandbox({ git: true });
      const clusters = Array.from({ length: 300 }, (_, i) => ({ name: `c${i}`, serviceCidr: `10.${64 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20` }));
      writeFileSync(join(box.repo, 'answers.yaml'), stringify({ clusters, dependsOn: [], chart: { version: '1.38.0', source: 'helm' } }));
      for (const delay of [300, 800, 1500, 2500]) {
        const child = spawn(process.execPath, [CLI, 'coredns', '--answers', 'answers.yaml', '--skip-validate', '--force'], { cwd: box.repo, stdio: 'ignore' });
        const exited = new Promise((resolve) => child.once('exit', resolve));
        await new Promise((resolve) => setTimeout(resolve, delay));
        child.kill(signal);
        await exited;
        assert.deepEqual(leftovers(box.repo), [], `${signal} after ${delay} ms: no temp file, journal or lock left`);
      }
    });
  }
});

describe('the generator reads only what it needs', () => {
  test('a link in docs/ to outside, a 9 MB YAML in docs/, a looping link under kubernetes/: the run succeeds', () => {
    const box = sandbox();
    mkdirSync(join(box.repo, 'docs'));
    mkdirSync(join(box.repo, 'kubernetes'));
    symlinkSync(box.outside, join(box.repo, 'docs/outside'));
    symlinkSync(join(box.outside, 'secret.yaml'), join(box.repo, 'docs/secret.yaml'));
    writeFileSync(join(box.repo, 'docs/big.yaml'), `items:\n${'  - aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'.repeat(210_000)}`);
    symlinkSync('loop', join(box.repo, 'kubernetes/loop'));
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    assert.ok(existsSync(join(box.repo, 'kubernetes/clusters/infra/cluster-settings.yaml')));
  });

  test('a link under kubernetes/ that stays inside the repository is followed', () => {
    const box = sandbox();
    mkdirSync(join(box.repo, 'kubernetes'));
    mkdirSync(join(box.repo, 'shared'));
    writeFileSync(join(box.repo, 'shared/extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
    symlinkSync('../shared', join(box.repo, 'kubernetes/shared'));
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
  });

  test('a dangling link in what it reads: exit 1 naming it', () => {
    const box = sandbox();
    mkdirSync(join(box.repo, 'kubernetes'));
    symlinkSync('nowhere.yaml', join(box.repo, 'kubernetes/dangling.yaml'));
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 1, says: /kubernetes\/dangling\.yaml: is a link to nothing \(dangling or looping\); remove it/, unchanged: true });
  });
});

describe('--answers is bounded and typed', () => {
  const refused = (box: Sandbox, file: string, says: RegExp, code: string) =>
    run(box, ['coredns', '--answers', file, '--skip-validate'], { status: 1, says: new RegExp(`- --answers: ${says.source}[^\\n]*\\n {4}fix: [^\\n]*\\[${code}\\]`), unchanged: true });

  test("answers-file-outside: a link to a file outside the repository (/etc/shadow's place) is refused without quoting it", () => {
    const box = sandbox();
    symlinkSync(join(box.outside, 'secret.yaml'), join(box.repo, 'shadow.yaml'));
    refused(box, 'shadow.yaml', /"[^"]*shadow\.yaml" is a link to a file outside the repository/, 'answers-file-outside');
  });

  test('answers-file-outside: /proc/self/environ is refused, printing no variable', () => {
    const box = sandbox();
    refused(box, '/proc/self/environ', /"\/proc\/self\/environ" is \/proc\/\d+\/environ, a file of the system/, 'answers-file-outside');
  });

  test('a UTF-8 BOM is accepted, in the answers and in .yo-rc.json', () => {
    const box = sandbox();
    writeFileSync(join(box.repo, 'answers.yaml'), `\uFEFF${ANSWERS}`);
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    const yoRc = join(box.repo, '.yo-rc.json');
    writeFileSync(yoRc, `\uFEFF${readFileSync(yoRc, 'utf8')}`);
    run(box, ['cluster', '--name', 'edge', '--service-cidr', '10.250.0.0/16', '--skip-validate', '--no-interactive'], { status: 0 });
  });

  test('a .yo-rc.json that is not JSON is named, without quoting it', () => {
    const box = sandbox();
    writeFileSync(join(box.repo, '.yo-rc.json'), `{"generator-platform": ${CANARY_ENV}}`);
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 1, says: /- \.yo-rc\.json: is not valid JSON \(Unexpected token 'c'\)\n/, unchanged: true });
  });

  test('answers-file-encoding: UTF-16 is refused by name', () => {
    const box = sandbox();
    writeFileSync(join(box.repo, 'answers.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ANSWERS, 'utf16le')]));
    refused(box, 'answers.yaml', /"[^"]*answers\.yaml" is UTF-16/, 'answers-file-encoding');
  });

  const SYNTAX: Array<[string, string, RegExp]> = [
    ['a !!binary tag', `${ANSWERS}extra: !!binary aGVsbG8=\n`, /Unresolved tag: tag:yaml\.org,2002:binary/],
    ['a !!set tag', `${ANSWERS}extra: !!set {a, b}\n`, /Unresolved tag: tag:yaml\.org,2002:set/],
    ['a duplicate key', `${ANSWERS}dependsOn: [x]\n`, /Map keys must be unique/],
    ['an alias bomb', `${ANSWERS}a0: &a0 [x, x]\n${Array.from({ length: 20 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}]`).join('\n')}\n`, /Excessive alias count/],
    ['excessive depth', `${ANSWERS}deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, /nested too deeply to parse/],
    ['moderate but excessive depth', `${ANSWERS}deep: ${'['.repeat(40)}${']'.repeat(40)}\n`, /nested more than 32 levels deep/],
  ];
  for (const [name, text, says] of SYNTAX) {
    test(`${name} is an error naming the file`, () => {
      const box = sandbox();
      writeFileSync(join(box.repo, 'answers.yaml'), text);
      refused(box, 'answers.yaml', new RegExp(`"[^"]*answers\\.yaml" is not valid YAML or JSON: [^\\n]*${says.source}`), 'answers-file-syntax');
    });
  }

  test('a line of /etc/shadow read as a key is not echoed', () => {
    const box = sandbox();
    writeFileSync(join(box.repo, 'answers.yaml'), `root:${CANARY_ENV}:19000:0:99999:7:::\n`);
    const result = run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], {
      status: 1,
      says: /- \(top level\): unknown key \(a key of \d+ characters that names no answer, not quoted\)/,
      unchanged: true,
    });
    assert.ok(!result.stderr.includes('19000'), 'no part of the line is echoed');
  });

  test('answers-file-not-map: a file that holds no map is refused, naming it', () => {
    const box = sandbox();
    writeFileSync(join(box.repo, 'answers.yaml'), '- one\n- two\n');
    refused(box, 'answers.yaml', /"answers\.yaml" holds a list, not a map of answers/, 'answers-file-not-map');
  });
});

describe('adopt refuses what it would change in silence', () => {
  const KEPT: Array<[string, string, string, RegExp]> = [
    ['replicaCount: "3" (a string)', 'replicaCount: 2', 'replicaCount: "3"', /keeps spec\.values\.replicaCount: "3" \(not written as the tool writes this value\)/],
    ['replicaCount: 2.5', 'replicaCount: 2', 'replicaCount: 2.5', /keeps spec\.values\.replicaCount: 2\.5/],
    [
      'replicaCount: ${REPLICAS:=1} (a Flux variable)',
      'replicaCount: 2',
      'replicaCount: ${REPLICAS:=1}',
      /keeps spec\.values\.replicaCount: \$\{REPLICAS:=1\} \(a Flux variable, maybe shared by several clusters\)/,
    ],
    ['clusterIP: 10.43.0.053', 'clusterIP: 10.43.0.10', 'clusterIP: 10.43.0.053', /keeps spec\.values\.service\.clusterIP: 10\.43\.0\.053/],
  ];
  for (const [name, from, to, says] of KEPT) {
    test(`an existing ${name} is kept, and the run says so`, () => {
      const box = adoptSandbox((text) => text.replace(from, to));
      const before = readFileSync(join(box.repo, HELM_RELEASE), 'utf8');
      run(box, ADOPT, { status: 0, says });
      assert.equal(readFileSync(join(box.repo, HELM_RELEASE), 'utf8'), before, 'the release file is as it was');
    });
  }

  test('a HelmRelease with duplicate keys gets its YAML error, not "holds no HelmRelease"', () => {
    const box = adoptSandbox((text) => text.replace('    replicaCount: 2\n', '    replicaCount: 2\n    replicaCount: 3\n'));
    run(box, ADOPT, {
      status: 1,
      says: /- kubernetes\/apps\/kube-system\/coredns\/app\/helmrelease\.yaml: is not valid YAML \(line 18\): Map keys must be unique[^\n]*\n {4}fix: [^\n]*\[existing-yaml-invalid\]/,
      unchanged: true,
    });
  });

  test('an adopted HelmRelease nested too deeply gets that error, not "holds no HelmRelease any more"', () => {
    const box = adoptSandbox((text) => text);
    run(box, ADOPT, { status: 0 });
    const file = join(box.repo, HELM_RELEASE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('    fullnameOverride: coredns\n', `    fullnameOverride: coredns\n    deep: ${'['.repeat(3000)}${']'.repeat(3000)}\n`));
    run(box, ['coredns', '--skip-validate'], {
      status: 1,
      says: /helmrelease\.yaml: is not valid YAML \(line \d+\): nested too deeply to parse[^\n]*\n {4}fix: [^\n]*\[existing-yaml-invalid\]/,
      unchanged: true,
    });
  });

  test('two CoreDNS releases: adopt-release-ambiguous naming both files', () => {
    const second = 'kubernetes/apps/network/echo/app/coredns-second.yaml';
    const box = adoptSandbox((text) => text);
    writeFileSync(join(box.repo, second), readFileSync(join(box.repo, HELM_RELEASE), 'utf8').replace('name: coredns\nspec:', 'name: coredns-second\nspec:'));
    const result = run(box, ADOPT, { status: 1, says: /\[adopt-release-ambiguous\]/, unchanged: true });
    assert.ok(result.stderr.includes(HELM_RELEASE) && result.stderr.includes(second), result.stderr);
  });

  test('adopt-release-too-large: a 7.5 MB HelmRelease is refused by size (adopt-release-too-large), naming it', () => {
    const extra = `    extraList:\n${Array.from({ length: 85_000 }, (_, i) => `      - key${i}: value-${i}-${'x'.repeat(60)}\n`).join('')}`;
    const box = adoptSandbox((text) => text.replace('    fullnameOverride: coredns\n', `    fullnameOverride: coredns\n${extra}`));
    run(box, ADOPT, {
      status: 1,
      says: /- kubernetes\/apps\/kube-system\/coredns\/app\/helmrelease\.yaml: is \d+ characters; --adopt reads a release file of at most 1048576[^\n]*\n {4}fix: [^\n]*\[adopt-release-too-large\]/,
      unchanged: true,
    });
  });
});

describe('validate: usage and output', () => {
  test('validate / is refused with exit 2', () => {
    const box = sandbox();
    run(box, ['validate', '/'], { status: 2, says: /validate: \/ is the root of the file system, not a repository/ });
  });

  test('a home directory without a Flux entry is refused with exit 2', () => {
    const box = sandbox();
    run(box, ['validate'], { status: 2, says: /is a home directory without a Flux entry/ }, { HOME: box.repo });
  });

  for (const cidr of ['0.0.0.0/0', '10.0.0.0/8', 'banana', 'fe80::/10']) {
    test(`validate --service-cidr infra=${cidr} is exit 2 naming the value`, () => {
      const box = sandbox();
      run(box, ['validate', '--service-cidr', `infra=${cidr}`], { status: 2, says: new RegExp(`--service-cidr infra=${cidr.replace(/[.]/g, '\\.')}: "${cidr.replace(/[.]/g, '\\.')}" `) });
    });
  }

  test('validate > /dev/full exits 1 with a message, not a stack', (t) => {
    if (!existsSync('/dev/full')) return t.skip('no /dev/full on this system');
    const box = sandbox();
    run(box, ['coredns', '--answers', 'answers.yaml', '--skip-validate'], { status: 0 });
    const out = fs.openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [CLI, 'validate'], { cwd: box.repo, stdio: ['ignore', out, 'pipe'], encoding: 'utf8', env: { ...process.env, GP_TEST_CANARY: CANARY_ENV } });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stderr, /^platform-gitops: cannot write the output \(ENOSPC\)/);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
      assert.ok(!result.stderr.includes(CANARY_ENV));
    } finally {
      fs.closeSync(out);
    }
  });
});
