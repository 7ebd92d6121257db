// The example GitOps repository (docs/examples/projen-gitops) synthesized as a user would:
// `npx tsx .projenrc.ts` once, then `npx projen`, with the packages resolved from this checkout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { generateCoreDnsRepo } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { STORY_ANSWERS } from '../support/story.js';
import { readTree, tempDir } from '../support/tree.js';
import {
  bootstrapSynth,
  copyRepo,
  EXAMPLE_SOURCES,
  exampleRepo,
  generatedTree,
  MARKER_LINE,
  npxProjen,
  projenOwnedFiles,
  runCoreDnsGenerator,
  STORY_ANSWERS_FILE,
  synthesizedTree,
} from './example-repo.js';

const COREDNS = 'kubernetes/infrastructure/networking/coredns';
const OWNED = [
  ...['helmrelease.yaml', 'helmrepository.yaml', 'ks.yaml', 'kustomization.yaml'].map((name) => `${COREDNS}/${name}`),
  ...['ks.yaml', 'kustomization.yaml', 'prometheusrule.yaml', 'servicemonitor.yaml'].map((name) => `${COREDNS}-monitoring/${name}`),
].sort();
const ADD_EDGE = "coredns.addCluster({ name: 'edge', serviceCidr: '10.249.0.0/16' });";

/** Every file's contents and inode (a rename-into-place gives a new inode), except the example's sources. */
function state(dir: string): Map<string, { text: string; ino: number }> {
  return new Map(
    Object.entries(readTree(dir))
      .filter(([path]) => !EXAMPLE_SOURCES.includes(path) && !path.startsWith('.npm-cache/'))
      .map(([path, text]) => [path, { text, ino: statSync(join(dir, path)).ino }]),
  );
}

/** Paths whose contents differ between two states (added and removed files included). */
function changed(before: Map<string, { text: string }>, after: Map<string, { text: string }>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path)?.text !== after.get(path)?.text).sort();
}

describe('the example repository (docs/examples/projen-gitops)', () => {
  let synthesized: string;
  let generated: string;

  before(() => {
    synthesized = exampleRepo();
    bootstrapSynth(synthesized);
    generated = tempDir('gp-projen-generator-');
    runCoreDnsGenerator(generated, STORY_ANSWERS_FILE);
  });

  test("its first synth writes the tree `platform-gitops coredns` writes for the same answers, plus projen's marker and files", () => {
    // The answers file really is the example's input (the generator read it, not the test's copy).
    assert.deepEqual(JSON.parse(readFileSync(join(generated, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns.clusters, STORY_ANSWERS.clusters);
    // Projen owns the eight CoreDNS files and nothing else of the GitOps tree.
    assert.deepEqual(projenOwnedFiles(synthesized), OWNED);
    for (const path of OWNED) {
      assert.equal(readFileSync(join(synthesized, path), 'utf8').split('\n')[1], MARKER_LINE, path);
    }
    // Same files, same bytes (marker aside); nothing else written beside projen's own files.
    assert.deepEqual(synthesizedTree(synthesized), generatedTree(generated));
  });

  test('owned files are read-only; merged and created files stay writable', () => {
    for (const path of Object.keys(synthesizedTree(synthesized))) {
      const writable = (statSync(join(synthesized, path)).mode & 0o222) !== 0;
      assert.equal(writable, !OWNED.includes(path), `${path} writable: ${writable}`);
    }
  });

  test('`npx projen` keeps hand-kept keys and comments in cluster-settings.yaml and resets only the CoreDNS keys', () => {
    const dir = copyRepo(synthesized);
    const apps = join(dir, 'kubernetes/clusters/apps/cluster-settings.yaml');
    const infra = join(dir, 'kubernetes/clusters/infra/cluster-settings.yaml');
    const handKept = '  # kept by hand\n  TEAM: "apps"\n';
    writeFileSync(apps, readFileSync(apps, 'utf8') + handKept);
    writeFileSync(infra, readFileSync(infra, 'utf8').replace('  COREDNS_REPLICAS: "2"\n', '  # scaled by hand, reset by the synth\n  COREDNS_REPLICAS: "5"\n'));
    const before = state(dir);

    npxProjen(dir);

    const after = state(dir);
    assert.equal(readFileSync(apps, 'utf8'), readFileSync(join(generated, 'kubernetes/clusters/apps/cluster-settings.yaml'), 'utf8') + handKept);
    assert.match(readFileSync(infra, 'utf8'), /\n {2}# scaled by hand, reset by the synth\n {2}COREDNS_REPLICAS: "2"\n {2}COREDNS_CLUSTER_IP: "10\.245\.0\.10"\n$/);
    assert.deepEqual(changed(before, after), ['kubernetes/clusters/infra/cluster-settings.yaml']);
    // Files with nothing to change are not rewritten at all (same inode), the hand-edited apps file included.
    for (const [path, { ino }] of after) {
      if (path !== 'kubernetes/clusters/infra/cluster-settings.yaml') assert.equal(ino, before.get(path)!.ino, `${path} was rewritten`);
    }
  });

  test('adding a cluster is one line in .projenrc.ts; `npx projen` writes its two files and changes no other', () => {
    const dir = copyRepo(synthesized);
    const rc = join(dir, '.projenrc.ts');
    const source = readFileSync(rc, 'utf8');
    assert.ok(source.includes(`// ${ADD_EDGE}`), 'the example has the addCluster line, commented out');
    writeFileSync(rc, source.replace(`// ${ADD_EDGE}`, ADD_EDGE));
    const before = state(dir);

    npxProjen(dir);

    const edgeFiles = ['kubernetes/clusters/edge/cluster-settings.yaml', 'kubernetes/clusters/edge/infrastructure.yaml'];
    assert.deepEqual(changed(before, state(dir)), edgeFiles);
    // The generator writes the same two files for the same three clusters.
    const viaGenerator = tempDir();
    generateCoreDnsRepo(viaGenerator, { ...STORY_ANSWERS, clusters: [...STORY_ANSWERS.clusters, { name: 'edge', serviceCidr: '10.249.0.0/16' }] });
    for (const path of edgeFiles) assert.equal(readFileSync(join(dir, path), 'utf8'), readFileSync(join(viaGenerator, path), 'utf8'), path);
    assert.match(readFileSync(join(dir, edgeFiles[0]!), 'utf8'), /COREDNS_REPLICAS: "2"\n {2}COREDNS_CLUSTER_IP: "10\.249\.0\.10"\n/);
  });

  test('`npx projen --no-post` writes the merged and created files too', () => {
    const dir = copyRepo(synthesized);
    rmSync(join(dir, 'kubernetes/clusters'), { recursive: true });
    rmSync(join(dir, 'kubernetes/infrastructure/kustomization.yaml'));

    npxProjen(dir, ['--no-post']);

    assert.deepEqual(synthesizedTree(dir), generatedTree(generated));
  });

  test("its .projenrc.ts type-checks against the package's declarations (strict, NodeNext)", () => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '.projenrc.ts'],
      { cwd: synthesized, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, `tsc:\n${result.stdout}${result.stderr}`);
  });
});
