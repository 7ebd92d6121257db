// renovate.json as platform-gitops ci writes it. Renovate's JSON schema is not available offline
// (not in node_modules, and the tests do not fetch), so this checks the keys the file uses
// against the rules Renovate's own config validator applies to them.
import assert from 'node:assert/strict';
import { matchesGlob } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { RENOVATE_CONFIG_PATH, generateCoreDnsRepo, planCi, resolveCiConfig } from '../../src/index.js';
import { STORY_ANSWERS } from '../support/story.js';
import { listFiles, readTree, tempDir } from '../support/tree.js';

interface PackageRule extends Record<string, unknown> {
  matchManagers?: string[];
  matchPackageNames?: string[];
  groupName?: string;
}
interface RenovateConfig {
  $schema: string;
  description: string;
  flux: { managerFilePatterns: string[] };
  packageRules: PackageRule[];
}

const renovateText = (answers: object = {}) => planCi(resolveCiConfig(answers)).find((file) => file.path === RENOVATE_CONFIG_PATH)?.contents;

/** The repository options the file may use, with their JSON type (from Renovate's docs). */
const TOP_LEVEL: Record<string, string> = { $schema: 'string', description: 'string', flux: 'object', packageRules: 'object' };
const RULE_KEYS: Record<string, string> = { description: 'string', matchManagers: 'object', matchPackageNames: 'object', groupName: 'string' };

test("renovate.json is JSON with Renovate's schema URL and only options Renovate knows, of their type", () => {
  const text = renovateText()!;
  const config = JSON.parse(text) as RenovateConfig;
  assert.equal(config.$schema, 'https://docs.renovatebot.com/renovate-schema.json');
  for (const [key, value] of Object.entries(config)) assert.equal(typeof value, TOP_LEVEL[key], `top-level ${key}`);
  assert.deepEqual(Object.keys(config.flux), ['managerFilePatterns']);
  assert.ok(
    config.flux.managerFilePatterns.every((p) => typeof p === 'string' && !p.startsWith('/')),
    'globs, not /regex/',
  );
  for (const rule of config.packageRules) {
    for (const [key, value] of Object.entries(rule)) {
      assert.equal(typeof value, RULE_KEYS[key], `packageRules[].${key}`);
      if (key.startsWith('match')) assert.ok(Array.isArray(value) && value.every((v) => typeof v === 'string'), key);
    }
    // Renovate's validator: a rule needs a match* selector and something besides selectors.
    assert.ok(Object.keys(rule).some((key) => key.startsWith('match')));
    assert.ok(Object.keys(rule).some((key) => !key.startsWith('match')));
  }
  // Two-space JSON ending in one newline, like every other file the tool writes.
  assert.match(text, /^\{\n {2}"\$schema"/);
  assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'));
});

test('the flux manager reads every generated manifest, and only the GitOps folders', () => {
  const dir = tempDir('gp-ci-renovate-');
  generateCoreDnsRepo(dir, STORY_ANSWERS);
  const { flux } = JSON.parse(renovateText()!) as RenovateConfig;
  const matched = (path: string) => flux.managerFilePatterns.some((pattern) => matchesGlob(path, pattern));
  const manifests = listFiles(dir);
  assert.ok(manifests.includes('kubernetes/infrastructure/networking/coredns/helmrelease.yaml'));
  for (const path of manifests) assert.ok(matched(path), path);
  assert.equal(matched('docs/example.yaml'), false);
  const other = JSON.parse(renovateText({ gitopsPaths: ['clusters', 'infrastructure/**'] })!) as RenovateConfig;
  assert.deepEqual(other.flux.managerFilePatterns, ['clusters/**/*.{yaml,yml}', 'infrastructure/**/*.{yaml,yml}']);
});

test('one package rule groups the coredns chart under the names the flux manager gives it, from either source', () => {
  const { packageRules } = JSON.parse(renovateText()!) as RenovateConfig;
  const rule = packageRules.find((r) => r.groupName === 'coredns chart')!;
  assert.deepEqual(rule.matchManagers, ['flux']);
  // HelmRepository: the flux manager names the dependency by the HelmRelease's chart.
  const helm = tempDir('gp-ci-helm-');
  generateCoreDnsRepo(helm, STORY_ANSWERS);
  const release = parse(readTree(helm)['kubernetes/infrastructure/networking/coredns/helmrelease.yaml']!) as { spec: { chart: { spec: { chart: string } } } };
  assert.ok(rule.matchPackageNames!.includes(release.spec.chart.spec.chart));
  // OCIRepository: by the image the url names (docker datasource), without oci://.
  const oci = tempDir('gp-ci-oci-');
  generateCoreDnsRepo(oci, { ...STORY_ANSWERS, chart: { version: '1.38.1', source: 'oci' } });
  const repository = parse(readTree(oci)['kubernetes/infrastructure/networking/coredns/ocirepository.yaml']!) as { spec: { url: string } };
  assert.ok(rule.matchPackageNames!.includes(repository.spec.url.replace(/^oci:\/\//, '')));
});

test('renovate: false plans the workflow alone', () => {
  assert.equal(renovateText({ renovate: false }), undefined);
  assert.deepEqual(
    planCi(resolveCiConfig({ renovate: false })).map((file) => file.path),
    ['.github/workflows/gitops-validate.yaml'],
  );
});
