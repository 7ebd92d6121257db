import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import helpers from 'yeoman-test';
import { ROOT, generatorPath } from '../support/package-paths.js';
import { snapshotTree, tempDir } from '../support/tree.js';
import { storyRepoByGenerator } from '../support/story-repo.js';

const storyRepo = () => storyRepoByGenerator();

const runCluster = (dir: string, options: Record<string, unknown>, answers?: Record<string, unknown>) => {
  const context = helpers
    .run(generatorPath('cluster'))
    .cd(dir)
    .withOptions({ skipInstall: true, interactive: false, ...options } as Record<string, unknown>);
  return answers ? context.withAnswers(answers) : context;
};

/** Runs `platform-gitops cluster ...` as a user would, stdin not a terminal. */
const cli = (dir: string, args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'cluster', ...args], { cwd: dir, encoding: 'utf8', input: '' });

const changedFiles = (before: Map<string, unknown>, after: Map<string, unknown>) =>
  [...new Set([...before.keys(), ...after.keys()])].filter((file) => JSON.stringify(after.get(file)) !== JSON.stringify(before.get(file))).sort();

const stored = (dir: string) => JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns;

describe('platform:cluster adds a cluster', () => {
  test("writes only that cluster's two files and its .yo-rc.json entry; every other byte stays", async () => {
    const dir = await storyRepo();
    const before = snapshotTree(dir);
    await runCluster(dir, { name: 'edge', serviceCidr: '10.249.0.0/16' });
    const after = snapshotTree(dir);
    const changed = [...after.keys()].filter((file) => JSON.stringify(after.get(file)) !== JSON.stringify(before.get(file))).sort();
    assert.deepEqual(changed, ['.yo-rc.json', 'kubernetes/clusters/edge/cluster-settings.yaml', 'kubernetes/clusters/edge/infrastructure.yaml']);
    assert.match(readFileSync(join(dir, 'kubernetes/clusters/edge/cluster-settings.yaml'), 'utf8'), /COREDNS_REPLICAS: "2"\n {2}COREDNS_CLUSTER_IP: "10\.249\.0\.10"\n/);
    assert.match(readFileSync(join(dir, 'kubernetes/clusters/edge/infrastructure.yaml'), 'utf8'), /name: cluster-edge-infrastructure/);
    assert.deepEqual(stored(dir).clusters.at(-1), { name: 'edge', serviceCidr: '10.249.0.0/16', dnsIp: '10.249.0.10', replicas: 2 });
  });

  test('takes the ClusterIP and replicas given, and prompts for what is missing when interactive', async () => {
    const dir = await storyRepo();
    await runCluster(dir, { interactive: true }, { name: 'edge', serviceCidr: 'fd00:10:96::/112', dnsIp: 'fd00:10:96::a', replicas: '3' });
    assert.deepEqual(stored(dir).clusters.at(-1), { name: 'edge', serviceCidr: 'fd00:10:96::/112', dnsIp: 'fd00:10:96::a', replicas: 3 });
  });

  test('an IPv6 cluster gets the 10th address of its range by default', async () => {
    const dir = await storyRepo();
    await runCluster(dir, { name: 'edge6', serviceCidr: 'fd00:10:96::/112' });
    assert.deepEqual(stored(dir).clusters.at(-1), { name: 'edge6', serviceCidr: 'fd00:10:96::/112', dnsIp: 'fd00:10:96::a', replicas: 2 });
    assert.match(readFileSync(join(dir, 'kubernetes/clusters/edge6/cluster-settings.yaml'), 'utf8'), /COREDNS_CLUSTER_IP: "fd00:10:96::a"/);
  });

  test('merges into a cluster-settings.yaml that is already there, keeping its comments and keys', async () => {
    const dir = await storyRepo();
    const settings = 'kubernetes/clusters/edge/cluster-settings.yaml';
    mkdirSync(join(dir, 'kubernetes/clusters/edge'), { recursive: true });
    const handWritten = '# edge cluster values\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata:\n  CLUSTER_NAME: edge # used by apps\n';
    writeFileSync(join(dir, settings), handWritten);
    await runCluster(dir, { name: 'edge', serviceCidr: '10.249.0.0/16', replicas: '3' });
    assert.equal(readFileSync(join(dir, settings), 'utf8'), `${handWritten}  COREDNS_REPLICAS: "3"\n  COREDNS_CLUSTER_IP: "10.249.0.10"\n`);
  });

  test('a later coredns run keeps the added cluster and writes nothing', async () => {
    const dir = await storyRepo();
    await runCluster(dir, { name: 'edge', serviceCidr: '10.249.0.0/16' });
    const before = snapshotTree(dir);
    await helpers
      .run(generatorPath('coredns'))
      .cd(dir)
      .withOptions({ skipInstall: true, interactive: false } as Record<string, unknown>);
    assert.deepEqual(snapshotTree(dir), before);
  });
});

describe('platform:cluster --remove', () => {
  test('takes the CoreDNS keys out of cluster-settings and keeps the file, its comments and other keys', async () => {
    const dir = await storyRepo();
    const settings = join(dir, 'kubernetes/clusters/apps/cluster-settings.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('\ndata:\n', '\ndata:\n  # kept by hand\n  TEAM: apps\n'));
    await runCluster(dir, { remove: 'apps' });
    assert.equal(readFileSync(settings, 'utf8'), '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata:\n  # kept by hand\n  TEAM: apps\n');
    assert.deepEqual(
      stored(dir).clusters.map((c: { name: string }) => c.name),
      ['infra'],
    );
    assert.ok(readFileSync(join(dir, 'kubernetes/clusters/apps/infrastructure.yaml'), 'utf8').length > 0, 'files it did not create are kept; this one too');
  });

  test('a cluster whose settings held only CoreDNS keys keeps an empty ConfigMap; only that file and .yo-rc.json change', async () => {
    const dir = await storyRepo();
    const before = snapshotTree(dir);
    const result = cli(dir, ['--remove', 'infra']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(changedFiles(before, snapshotTree(dir)), ['.yo-rc.json', 'kubernetes/clusters/infra/cluster-settings.yaml']);
    assert.equal(
      readFileSync(join(dir, 'kubernetes/clusters/infra/cluster-settings.yaml'), 'utf8'),
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata: {}\n',
    );
    // It says which files it left and why the user may delete them.
    assert.match(result.stderr, /no file was deleted/);
    assert.match(result.stderr, /kubernetes\/clusters\/infra\/infrastructure\.yaml still makes that cluster apply kubernetes\/infrastructure/);
    assert.match(result.stderr, /kubernetes\/clusters\/infra\/cluster-settings\.yaml now holds no keys/);
    assert.deepEqual(
      stored(dir).clusters.map((c: { name: string }) => c.name),
      ['apps'],
    );
  });

  test('the last cluster cannot be removed', async () => {
    const dir = await storyRepo();
    await runCluster(dir, { remove: 'apps' });
    const before = snapshotTree(dir);
    await assert.rejects(runCluster(dir, { remove: 'infra' }), /- --remove: "infra" is the only cluster\n\s+fix: \S/);
    assert.deepEqual(snapshotTree(dir), before);
  });
});

interface BadCluster {
  readonly rule: string;
  readonly options: Record<string, unknown>;
  readonly field: string;
  readonly says: RegExp;
  readonly bare?: boolean;
}

const BAD: BadCluster[] = [
  { rule: 'duplicate name', options: { name: 'infra', serviceCidr: '10.249.0.0/16' }, field: '--name', says: /already a cluster/ },
  { rule: 'name not a DNS label', options: { name: 'Edge_1', serviceCidr: '10.249.0.0/16' }, field: '--name', says: /not a DNS label/ },
  { rule: 'name with template syntax', options: { name: '<%= x %>', serviceCidr: '10.249.0.0/16' }, field: '--name', says: /template syntax/ },
  { rule: 'name with ": "', options: { name: 'a: b', serviceCidr: '10.249.0.0/16' }, field: '--name', says: /not a DNS label/ },
  { rule: 'name with "#"', options: { name: 'edge#1', serviceCidr: '10.249.0.0/16' }, field: '--name', says: /not a DNS label/ },
  { rule: 'CIDR not a CIDR', options: { name: 'edge', serviceCidr: '10.249.0.0/33' }, field: '--service-cidr', says: /not an IPv4 or IPv6 CIDR/ },
  { rule: 'IPv6 CIDR with host bits', options: { name: 'edge', serviceCidr: 'fd00:10:96::1/112' }, field: '--service-cidr', says: /host bits/ },
  { rule: 'IP outside the CIDR', options: { name: 'edge', serviceCidr: '10.249.0.0/16', dnsIp: '10.245.0.10' }, field: '--dns-ip', says: /not inside/ },
  { rule: 'IPv6 address of the network', options: { name: 'edge', serviceCidr: 'fd00:10:96::/112', dnsIp: 'fd00:10:96::' }, field: '--dns-ip', says: /network address/ },
  { rule: 'replicas not a number', options: { name: 'edge', serviceCidr: '10.249.0.0/16', replicas: 'two' }, field: '--replicas', says: /expected a whole number, got string "two"/ },
  { rule: 'replicas too many', options: { name: 'edge', serviceCidr: '10.249.0.0/16', replicas: '500' }, field: '--replicas', says: /more than 100/ },
  { rule: 'name missing without a terminal', options: { serviceCidr: '10.249.0.0/16' }, field: '--name', says: /required when not running in a terminal/ },
  { rule: 'remove an unknown cluster', options: { remove: 'nope' }, field: '--remove', says: /not a cluster of this repository/ },
  { rule: 'no CoreDNS answers stored yet', options: { name: 'edge', serviceCidr: '10.249.0.0/16' }, field: '--name', says: /run platform:coredns/, bare: true },
];

describe('platform:cluster rejects bad input and leaves the tree byte-for-byte unchanged', () => {
  test('every problem is reported at once, each naming its option', async () => {
    const dir = await storyRepo();
    const before = snapshotTree(dir);
    const result = cli(dir, ['--name', 'infra', '--service-cidr', '10.249.0.0/16', '--dns-ip', '10.245.0.10']);
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /Invalid input \(2 problems\); nothing was written:\n {2}- --name: "infra" is already a cluster of this repository\n {4}fix: .*\n {2}- --dns-ip: "10\.245\.0\.10" is not inside serviceCidr 10\.249\.0\.0\/16\n {4}fix: /,
    );
    assert.deepEqual(snapshotTree(dir), before);
  });

  for (const bad of BAD) {
    test(bad.rule, async () => {
      const dir = bad.bare ? tempDir() : await storyRepo();
      const before = snapshotTree(dir);
      await assert.rejects(runCluster(dir, bad.options), (error: Error) => {
        assert.ok(error.message.includes(`- ${bad.field}:`), `names ${bad.field}:\n${error.message}`);
        assert.match(error.message, bad.says);
        assert.match(error.message, /fix: \S/);
        return true;
      });
      assert.deepEqual(snapshotTree(dir), before);
    });
  }
});
