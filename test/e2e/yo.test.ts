// Issue 19, "the real yo, tested": the packed package installed with yo@7 into a private prefix,
// and `yo` run as a user runs it, as root and as an unprivileged user. One pack and install for
// the whole file (about 30 s), reused by every case.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type InstalledPackage, packAndInstall } from '../support/installed-package.js';
import { ROOT } from '../support/package-paths.js';
import { hasPython, ptySession, type PtyStep } from '../support/pty-session.js';
import { readTree, snapshotTree, tempDir } from '../support/tree.js';

const IS_ROOT = process.getuid?.() === 0;
/**
 * yo's root-check (downgrade-root) turns root into $SUDO_UID or, without sudo, into uid 1000 (its
 * default for Linux), keeping group root and HOME, before any generator runs.
 */
const YO_UID_AS_ROOT = 1000;
const NOBODY = 65534;
const ANSWERS = join(ROOT, 'docs/examples/story-answers.yaml');
/** Story 04 starts from story 01's repository (cilium-core, which CoreDNS depends on), as `npm run demo` does. */
const SEED = join(ROOT, 'test/fixtures/story-01-cilium');
/** Every generator the package ships (a folder in generators/), but the bare `yo platform` itself. */
const GENERATORS = readdirSync(join(ROOT, 'generators')).filter((name) => name !== 'app');

/** This file's own folder (others may walk through it to the prefix and their repositories). */
const OWN = tempDir('gp-yo-e2e-');
chmodSync(OWN, 0o755);
after(() => rmSync(OWN, { recursive: true, force: true }));

interface User {
  readonly label: string;
  /** The uid the run ends up with (for root: the one yo switches to). */
  readonly uid: number;
  readonly wrapper: readonly string[];
  readonly skip?: string;
}

const ROOT_USER: User = { label: 'root', uid: YO_UID_AS_ROOT, wrapper: [], ...(IS_ROOT ? {} : { skip: 'needs root' }) };
const UNPRIVILEGED: User = IS_ROOT
  ? { label: 'an unprivileged user (nobody, through setpriv)', uid: NOBODY, wrapper: ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'] }
  : { label: `an unprivileged user (uid ${process.getuid?.()}, this test's own)`, uid: process.getuid?.() ?? -1, wrapper: [] };

let installed: InstalledPackage;
/** What `platform-gitops coredns` writes from the story's answers into the seed (.git aside). */
let reference: Record<string, string>;

before(() => {
  installed = packAndInstall(join(OWN, 'package'));
  const repo = repository(process.getuid?.() ?? 0);
  const result = spawnSync(join(installed.bin, 'platform-gitops'), ['coredns', '--answers', 'answers.yaml'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(result.status, 0, result.stdout + result.stderr);
  reference = tree(repo);
});

/** A fresh git repository holding the seed and answers.yaml, owned by `uid`. */
function repository(uid: number): string {
  const repo = mkdtempSync(join(OWN, 'repo-'));
  chmodSync(repo, 0o755); // as a clone is
  cpSync(SEED, repo, { recursive: true });
  copyFileSync(ANSWERS, join(repo, 'answers.yaml'));
  execFileSync('git', ['init', '-q', repo]);
  if (IS_ROOT) execFileSync('chown', ['-R', `${uid}:${uid}`, repo]);
  return repo;
}

/** A home folder only `uid` may enter (for root: root's own, which the user yo switches to cannot read). */
function home(user: User): string {
  const dir = mkdtempSync(join(OWN, 'home-'));
  if (IS_ROOT && user !== ROOT_USER) chownSync(dir, user.uid, user.uid);
  return dir;
}

function environment(user: User, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { SUDO_UID: _uid, SUDO_GID: _gid, SUDO_USER: _user, ...env } = process.env;
  return { ...env, PATH: `${installed.bin}:${process.env.PATH}`, HOME: home(user), NO_UPDATE_NOTIFIER: '1', ...extra };
}

/** `yo args` in `cwd` as `user`, stdin not a terminal. */
function yo(user: User, args: readonly string[], cwd: string, extra: NodeJS.ProcessEnv = {}): { status: number | null; output: string } {
  const [command, ...rest] = [...user.wrapper, join(installed.bin, 'yo'), ...args];
  const result = spawnSync(command!, rest, { cwd, env: environment(user, extra), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** path -> contents of every file outside .git. */
function tree(repo: string): Record<string, string> {
  return Object.fromEntries(Object.entries(readTree(repo)).filter(([file]) => !file.startsWith('.git/')));
}

/** No crash of yo's own (its error handler fails on a string error code) and no stack trace. */
function assertNoCrash(output: string): void {
  assert.doesNotMatch(output, /TypeError|ERR_INVALID_ARG_TYPE/, output);
  assert.doesNotMatch(output, /\n\s+at .*\(.*:\d+:\d+\)/, `no stack trace\n${output}`);
}

/** The lock, its holder record and our temp files are gone after a run. */
function assertNoLeftovers(repo: string): void {
  const left = readdirSync(repo, { recursive: true, encoding: 'utf8' }).filter((name) => /platform-gitops.*\.(lock|holder|json|tmp)|\.journal$/.test(name));
  assert.deepEqual(left, []);
}

const SESSION: readonly PtyStep[] = [
  { prompt: 'Cluster names', answer: 'infra,apps' },
  { prompt: 'infra: Service CIDR', answer: '10.245.0.0/16' },
  { prompt: 'infra: CoreDNS ClusterIP', answer: '' },
  { prompt: 'infra: CoreDNS replicas', answer: '' },
  { prompt: 'apps: Service CIDR', answer: '10.247.0.0/16' },
  { prompt: 'apps: CoreDNS ClusterIP', answer: '' },
  { prompt: 'apps: CoreDNS replicas', answer: '' },
  { prompt: 'CoreDNS chart version', answer: '1.38.0' },
  // Up to oci, Enter: 1.38.0 never reached OCI, so the select refuses it on the spot (the reason
  // beside the choice); Down back to helm, Enter. No answer before it is lost.
  { prompt: 'Chart source', answer: '\u001b[A', then: 'cannot be selected' },
  { prompt: '', answer: '\u001b[B' },
  { prompt: 'Flux Kustomizations CoreDNS depends on', answer: '' },
];

test('the tarball holds every generator entry point and the compiled code behind it', () => {
  for (const name of [...GENERATORS, 'app']) {
    assert.ok(installed.files.includes(`generators/${name}/index.js`), `generators/${name}/index.js is packed`);
    const target = /from '\.\.\/\.\.\/(.+)'/.exec(readFileSync(join(ROOT, 'generators', name, 'index.js'), 'utf8'))?.[1];
    assert.ok(target && installed.files.includes(target), `${target} (behind platform:${name}) is packed`);
  }
  assert.ok(installed.files.includes('bin/platform-gitops.js'));
  assert.ok(installed.files.some((file) => file.startsWith('templates/coredns/')));
});

for (const user of [ROOT_USER, UNPRIVILEGED]) {
  describe(`yo as ${user.label}`, { skip: user.skip ?? false }, () => {
    test('`yo platform` lists every generator the package has', () => {
      const result = yo(user, ['platform'], OWN);
      assert.equal(result.status, 0, result.output);
      assertNoCrash(result.output);
      for (const name of GENERATORS) assert.match(result.output, new RegExp(`yo platform:${name}\\s`), `platform:${name} listed\n${result.output}`);
    });

    test('`yo platform:coredns --answers` writes the tree platform-gitops writes; a second run writes 0 bytes', () => {
      const repo = repository(user.uid);
      const first = yo(user, ['platform:coredns', '--answers', 'answers.yaml'], repo);
      assert.equal(first.status, 0, first.output);
      assertNoCrash(first.output);
      assert.deepEqual(tree(repo), reference);
      assert.equal(statSync(join(repo, '.yo-rc.json')).uid, user.uid, `written as uid ${user.uid}`);
      assertNoLeftovers(repo);
      const before = snapshotTree(repo);
      const second = yo(user, ['platform:coredns', '--answers', 'answers.yaml'], repo);
      assert.equal(second.status, 0, second.output);
      assert.deepEqual(snapshotTree(repo), before, 'the second run changed no byte and no mtime');
    });

    test('a prompt session in a terminal for two clusters writes the same tree', { skip: hasPython() ? false : 'no python3 for the pty driver' }, () => {
      const repo = repository(user.uid);
      rmSync(join(repo, 'answers.yaml'));
      const session = ptySession([join(installed.bin, 'yo'), 'platform:coredns'], SESSION, { cwd: repo, env: environment(user), wrapper: user.wrapper });
      assert.equal(session.status, 0, session.transcript);
      assertNoCrash(session.transcript);
      // The terminal wraps long lines at 80 columns.
      assert.match(
        session.transcript.replace(/\r?\n/g, ''),
        /oci: OCIRepository \S+ \(1\.38\.1 and later\) - chartSource: chart 1\.38\.0 was never published to OCI/,
        'the refused choice carries its reason',
      );
      assert.match(session.transcript, /This option is disabled and cannot be selected/);
      const written = tree(repo);
      assert.deepEqual(
        Object.keys(written),
        Object.keys(reference).filter((file) => file !== 'answers.yaml'),
      );
      for (const [file, text] of Object.entries(written)) {
        if (file !== '.yo-rc.json') assert.equal(text, reference[file], file);
      }
      assert.deepEqual(JSON.parse(written['.yo-rc.json']!), JSON.parse(reference['.yo-rc.json']!), 'the same answers stored');
    });
  });
}

describe('bad input through yo', () => {
  test('exit 1 naming the field and its fix, nothing written, no crash of yo', () => {
    const repo = repository(UNPRIVILEGED.uid);
    writeFileSync(join(repo, 'answers.yaml'), readFileSync(ANSWERS, 'utf8').replace('10.247.0.0/16', '10.247.0.0/33'));
    const before = snapshotTree(repo);
    const result = yo(UNPRIVILEGED, ['platform:coredns', '--answers', 'answers.yaml'], repo);
    assert.equal(result.status, 1, result.output);
    assertNoCrash(result.output);
    assert.match(result.output, /clusters\[1\]\.serviceCidr: "10\.247\.0\.0\/33" is not an IPv4 or IPv6 CIDR[\s\S]*fix: /);
    assert.deepEqual(snapshotTree(repo), before);
  });
});

describe('yo as root in a repository root owns', { skip: ROOT_USER.skip ?? false }, () => {
  test('stops at the lock, naming it and the fix; nothing changes', () => {
    const repo = repository(0);
    const before = snapshotTree(repo);
    const result = yo(ROOT_USER, ['platform:coredns', '--answers', 'answers.yaml'], repo);
    assert.equal(result.status, 1, result.output);
    assertNoCrash(result.output);
    assert.match(result.output, new RegExp(`cannot take this repository's lock ${join(repo, '.git', 'platform-gitops.lock')} \\(EACCES\\); run as a user who may write there`));
    assert.deepEqual(snapshotTree(repo), before);
  });
});

describe('yo as an unprivileged user after root ran in the same repository', { skip: IS_ROOT ? false : 'needs root to run as root first' }, () => {
  test('root runs platform-gitops, the user then changes the answers with yo', () => {
    // Both share one TMPDIR, as users of one machine share /tmp: the lock once lived there.
    const tmp = join(OWN, 'shared-tmp');
    mkdirSync(tmp, { recursive: true });
    chmodSync(tmp, 0o1777);
    const repo = repository(0);
    const asRoot = spawnSync(join(installed.bin, 'platform-gitops'), ['coredns', '--answers', 'answers.yaml'], { cwd: repo, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    assert.equal(asRoot.status, 0, asRoot.stdout + asRoot.stderr);
    // The checkout is the user's, as a user's own clone is after an admin ran in it.
    execFileSync('chown', ['-R', `${UNPRIVILEGED.uid}:${UNPRIVILEGED.uid}`, repo]);
    writeFileSync(join(repo, 'answers.yaml'), readFileSync(ANSWERS, 'utf8').replace(/(name: apps,.*replicas: )2/, '$13'));
    const result = yo(UNPRIVILEGED, ['platform:coredns', '--answers', 'answers.yaml'], repo, { TMPDIR: tmp });
    assert.equal(result.status, 0, result.output);
    assertNoCrash(result.output);
    const stored = JSON.parse(readFileSync(join(repo, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns.clusters;
    assert.deepEqual(
      stored.map((cluster: { name: string; replicas: number }) => [cluster.name, cluster.replicas]),
      [
        ['infra', 2],
        ['apps', 3],
      ],
    );
    assertNoLeftovers(repo);
  });
});
