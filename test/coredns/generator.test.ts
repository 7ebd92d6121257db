import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import helpers from 'yeoman-test';
import { generateCoreDnsRepo } from '../../src/index.js';
import { ROOT, generatorPath } from '../support/package-paths.js';
import { STORY_ANSWERS, STORY_ANSWERS_YAML } from '../support/story.js';
import { listFiles, readTree, snapshotTree, tempDir } from '../support/tree.js';
import { coreDnsOnAnswersFile } from '../support/story-repo.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'coredns');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** Story 04 starts from story 01's repository: its CNI (cilium-core) is what CoreDNS waits for. */
const STORY_SEED = join(ROOT, 'test', 'fixtures', 'story-01-cilium');

/** A temporary copy of the story's starting repository. */
function storyRepo(): string {
  const dir = tempDir();
  cpSync(STORY_SEED, dir, { recursive: true });
  return dir;
}

/**
 * Compares a generated tree with test/golden/coredns/<name> (UPDATE_GOLDEN=1 rewrites it). With
 * `seed`, the tree the run started from: its files must be unchanged, except a kustomization.yaml
 * the golden tree also has, which must be the seed's with the golden file's resources appended.
 */
function assertMatchesGolden(dir: string, name: string, seed?: string): void {
  const golden = join(GOLDEN, name);
  const actual = readTree(dir);
  delete actual['answers.yaml'];
  const seeded = seed === undefined ? {} : readTree(seed);
  const merged = new Set<string>();
  for (const [file, contents] of Object.entries(seeded)) {
    const goldenFile = join(golden, file);
    if (existsSync(goldenFile)) {
      merged.add(file);
      const listed = readFileSync(goldenFile, 'utf8').split('resources:\n')[1];
      assert.ok(listed !== undefined && contents.endsWith('\n'), `${file}: a kustomization.yaml in both the seed and the golden tree`);
      assert.equal(actual[file], contents + listed, `${file}: the seed's, with the golden tree's resources appended`);
    } else {
      assert.equal(actual[file], contents, `${file} of the seed is unchanged`);
    }
    delete actual[file];
  }
  if (UPDATE) {
    if (seed === undefined) rmSync(golden, { recursive: true, force: true }); // a seeded run leaves the merged files as they are
    for (const [file, contents] of Object.entries(actual)) {
      mkdirSync(join(golden, file, '..'), { recursive: true });
      writeFileSync(join(golden, file), contents);
    }
  }
  const expected = readTree(golden);
  for (const file of merged) delete expected[file];
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), 'same files as the golden tree');
  for (const [file, contents] of Object.entries(expected)) {
    assert.equal(actual[file], contents, `${file} matches test/golden/coredns/${name}/${file}`);
  }
}

async function runWithAnswersFile(dir: string, answersYaml: string, options: Record<string, unknown> = {}) {
  // cd, not inDir: inDir empties the directory first, and these runs start from what is there.
  writeFileSync(join(dir, 'answers.yaml'), answersYaml);
  return coreDnsOnAnswersFile(dir, options);
}

describe('platform:coredns with an answers file', () => {
  test("writes the story's tree into the story's repository, byte for byte as the golden files", async () => {
    const dir = storyRepo();
    await runWithAnswersFile(dir, STORY_ANSWERS_YAML);
    assertMatchesGolden(dir, 'story-helm', STORY_SEED);
  });

  test('defaults to OCI for a version published there and renders chartRef + OCIRepository', async () => {
    const dir = storyRepo();
    await runWithAnswersFile(dir, 'clusters:\n  - {name: infra, serviceCidr: 10.245.0.0/16}\n  - {name: apps, serviceCidr: 10.247.0.0/16, replicas: 3}\nchart: {version: 1.38.1}\n');
    assertMatchesGolden(dir, 'story-oci', STORY_SEED);
    const release = readFileSync(join(dir, 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml'), 'utf8');
    assert.match(release, /chartRef:\n {4}kind: OCIRepository/);
    assert.doesNotMatch(release, /\n {2}chart:/);
    assert.ok(!existsSync(join(dir, 'kubernetes/infrastructure/networking/coredns/helmrepository.yaml')));
  });

  test('stores the resolved answers in .yo-rc.json', async () => {
    const dir = tempDir();
    await runWithAnswersFile(dir, 'clusters:\n  - {name: edge, serviceCidr: 10.96.0.0/12}\n');
    const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns;
    assert.deepEqual(stored.clusters, [{ name: 'edge', serviceCidr: '10.96.0.0/12', dnsIp: '10.96.0.10', replicas: 2 }]);
    assert.deepEqual(stored.chart, { version: '1.38.0', source: 'helm' });
    assert.deepEqual(stored.dependsOn, [], 'no CNI HelmRelease in an empty folder: none, stored as such');
    assert.equal(stored.monitoring, undefined, 'monitoring on (no cluster yet to look in) is the default, not written');
  });

  test('a second identical run writes no byte and touches no file', async () => {
    const dir = tempDir();
    await runWithAnswersFile(dir, STORY_ANSWERS_YAML);
    const before = snapshotTree(dir);
    before.delete('answers.yaml'); // rewritten by the test itself
    await new Promise((resolve) => setTimeout(resolve, 20)); // let a rewrite show in mtimes
    await runWithAnswersFile(dir, STORY_ANSWERS_YAML);
    const after = snapshotTree(dir);
    after.delete('answers.yaml');
    assert.deepEqual(after, before);
  });

  test('a run without answers reuses .yo-rc.json and writes nothing new', async () => {
    const dir = tempDir();
    await runWithAnswersFile(dir, STORY_ANSWERS_YAML);
    const before = snapshotTree(dir);
    await helpers.run(generatorPath('coredns')).cd(dir).withOptions({ skipInstall: true });
    assert.deepEqual(snapshotTree(dir), before);
  });
});

describe('platform:coredns through prompts and options', () => {
  test('prompted answers give the same tree as the answers file', async () => {
    const dir = tempDir();
    await helpers
      .run(generatorPath('coredns'))
      .inDir(dir)
      .withOptions({ skipInstall: true, interactive: true } as Record<string, unknown>)
      .withAnswers({
        clusters: 'infra,apps',
        serviceCidr: '10.245.0.0/16', // yeoman-test answers every cluster's prompt alike…
        dnsIp: '10.245.0.10',
        replicas: '2',
        chartVersion: '1.38.0',
        chartSource: 'helm',
        dependsOn: 'cilium-core',
      });
    // …so apps gets infra's range; what matters here is the prompt path end to end.
    const settings = readFileSync(join(dir, 'kubernetes/clusters/apps/cluster-settings.yaml'), 'utf8');
    assert.match(settings, /COREDNS_CLUSTER_IP: "10\.245\.0\.10"/);
    const golden = readFileSync(join(GOLDEN, 'story-helm', 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml'), 'utf8');
    assert.equal(readFileSync(join(dir, 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml'), 'utf8'), golden);
  });

  test('options alone answer everything (no prompt)', async () => {
    const dir = storyRepo();
    await helpers
      .run(generatorPath('coredns'))
      .cd(dir)
      .withOptions({
        skipInstall: true,
        clusters: 'infra,apps',
        serviceCidrs: 'infra=10.245.0.0/16,apps=10.247.0.0/16',
        replicas: '2',
        chartVersion: '1.38.0',
      } as Record<string, unknown>)
      .withAnswers({}, { throwOnMissingAnswer: true });
    assertMatchesGolden(dir, 'story-helm', STORY_SEED); // same tree as the answers file gives
  });

  test('the Yeoman-free library call writes the same bytes as the generator', async () => {
    const viaGenerator = tempDir();
    await runWithAnswersFile(viaGenerator, STORY_ANSWERS_YAML);
    const viaLibrary = tempDir();
    generateCoreDnsRepo(viaLibrary, STORY_ANSWERS);
    const generated = readTree(viaGenerator);
    delete generated['answers.yaml'];
    delete generated['.yo-rc.json'];
    assert.deepEqual(readTree(viaLibrary), generated);
  });
});

describe('platform:coredns in an existing repository', () => {
  const FIXTURE = join(ROOT, 'test', 'fixtures', 'existing-repo');

  test('keeps comments, order and foreign keys in cluster-settings and the networking kustomization', async () => {
    const dir = tempDir();
    cpSync(FIXTURE, dir, { recursive: true });
    // Its cilium/ is no HelmRelease and it has no Prometheus CRDs: both are answered here.
    await runWithAnswersFile(dir, `${STORY_ANSWERS_YAML}dependsOn: [cilium-core]\nmonitoring: {enabled: 'on'}\n`);
    assertMatchesGolden(dir, 'existing-repo');
    // Spot-check what must survive, so a bad golden update cannot hide it.
    const infra = readFileSync(join(dir, 'kubernetes/clusters/infra/cluster-settings.yaml'), 'utf8');
    assert.match(infra, /# Settings every infra workload may substitute/);
    assert.match(infra, /CLUSTER_NAME: infra\n/);
    assert.ok(infra.indexOf('CLUSTER_NAME') < infra.indexOf('COREDNS_REPLICAS'), 'existing keys keep their place');
    const networking = readFileSync(join(dir, 'kubernetes/infrastructure/networking/kustomization.yaml'), 'utf8');
    assert.match(networking, /- cilium\/ # the CNI/);
    assert.equal(networking.match(/coredns\/ks\.yaml/g)?.length, 1);
    // The cluster's own entry point already exists under another file name: no second one.
    assert.ok(!existsSync(join(dir, 'kubernetes/clusters/apps/infrastructure.yaml')));
    assert.deepEqual(
      listFiles(dir).filter((file) => file.startsWith('kubernetes/clusters/apps/')),
      ['kubernetes/clusters/apps/cluster-settings.yaml', 'kubernetes/clusters/apps/infra.yaml'],
    );
  });
});
