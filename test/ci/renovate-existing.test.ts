// `platform-gitops ci` in a repository that already has a Renovate config: in every file name
// Renovate reads, the config Renovate reads is extended in place (its keys, comments and order
// kept, ours added once), never shadowed by a new renovate.json; a second run writes no byte.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { getStaticJSONValue, parseJSON } from 'jsonc-eslint-parser';
import { RENOVATE_CONFIG_FILES, RENOVATE_CONFIG_PATH, extendRenovateConfig, planCi, resolveCiConfig } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { readTree, snapshotTree, tempDir } from '../support/tree.js';
import { runGenerator } from '../../src/cli/index.js';

const ci = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'ci', ...args], { cwd, encoding: 'utf8' });
const json5 = (text: string) => getStaticJSONValue(parseJSON(text, { jsonSyntax: 'JSON5' })) as Record<string, unknown>;

interface Rule {
  description?: string;
  groupName?: string;
}

/** Ours, as the renovate.json of a fresh repository has it. */
const OURS = JSON.parse(planCi(resolveCiConfig({})).find((f) => f.path === RENOVATE_CONFIG_PATH)!.contents) as { flux: { managerFilePatterns: string[] }; packageRules: Rule[] };
const OUR_RULE = OURS.packageRules[0]!;

/** A config as people write them in each dialect: comments, their own rules, presets. */
function configText(path: string): string {
  if (path.endsWith('.json5')) {
    return `// The repository's own Renovate config.
{
  $schema: 'https://docs.renovatebot.com/renovate-schema.json',
  extends: [
    'config:recommended', // the base
    'docker:enableMajor',
  ],
  /* automerge the small things */
  packageRules: [
    {
      description: 'Auto-merge GitHub Actions digests',
      matchManagers: ['github-actions'],
      automerge: true,
    },
  ],
  timezone: 'Europe/Paris',
}
`;
  }
  return `{
  "$schema": "https://docs.renovatebot.com/renovate-schema.json",
  "extends": ["config:recommended"],
  "flux": {
    "managerFilePatterns": ["/(^|/)flux/.+\\\\.ya?ml$/"]
  },
  "timezone": "Europe/Paris"
}
`;
}

function repoWith(path: string, text: string): string {
  const dir = tempDir('gp-ci-renovate-');
  mkdirSync(join(dir, 'kubernetes'));
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
  return dir;
}

/** The comments of a JSON/JSON5 text, in order. */
const comments = (text: string) => parseJSON(text, { jsonSyntax: 'JSON5' }).comments.map((c) => c.value);

describe('an existing Renovate config, in each file name Renovate reads, is extended in place', () => {
  for (const path of RENOVATE_CONFIG_FILES.filter((p) => p !== 'package.json')) {
    test(path, () => {
      const original = configText(path);
      const dir = repoWith(path, original);
      const first = ci(dir);
      assert.equal(first.status, 0, first.stderr);
      // Never shadowed: no renovate.json in front of it (unless it is that file).
      if (path !== RENOVATE_CONFIG_PATH) assert.equal(existsSync(join(dir, RENOVATE_CONFIG_PATH)), false, 'no renovate.json written');
      const text = readFileSync(join(dir, path), 'utf8');
      const before = json5(original);
      const after = json5(text);
      // Its keys stay, with their values; the lists we extend keep theirs first.
      for (const [key, value] of Object.entries(before)) {
        if (key === 'packageRules' || key === 'flux') continue;
        assert.deepEqual(after[key], value, key);
      }
      const rules = after.packageRules as Rule[];
      assert.deepEqual(rules.slice(0, ((before.packageRules as Rule[] | undefined) ?? []).length), before.packageRules ?? []);
      assert.equal(rules.filter((r) => r.description === OUR_RULE.description).length, 1, 'ours once');
      assert.deepEqual(rules.at(-1), OUR_RULE);
      const patterns = (after.flux as { managerFilePatterns: string[] }).managerFilePatterns;
      const theirs = (before.flux as { managerFilePatterns?: string[] } | undefined)?.managerFilePatterns ?? [];
      assert.deepEqual(patterns, [...theirs, ...OURS.flux.managerFilePatterns]);
      // Comments and order: the original text is still there, only added to.
      assert.deepEqual(comments(text), comments(original));
      const keysInOrder = Object.keys(after).filter((k) => k in before);
      assert.deepEqual(keysInOrder, Object.keys(before));
      // A .json file that was JSON stays JSON.
      if (!path.endsWith('.json5')) assert.doesNotThrow(() => JSON.parse(text));
      // A second run: no byte written, every file identical.
      const snapshot = snapshotTree(dir);
      const second = ci(dir);
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stdout, new RegExp(`identical ${path.replace(/\./g, '\\.')}`));
      assert.deepEqual(snapshotTree(dir), snapshot);
    });
  }
});

test('package.json with a "renovate" key: the run stops naming it and the lines to add, and writes nothing', () => {
  const pkg = `{\n  "name": "home-ops",\n  "renovate": {\n    "extends": ["config:recommended"]\n  }\n}\n`;
  const dir = repoWith('package.json', pkg);
  const before = snapshotTree(dir);
  const result = ci(dir);
  assert.equal(result.status, 1, result.stdout);
  assert.match(result.stderr, /package\.json: is the Renovate config Renovate reads here, and it cannot be extended in place/);
  assert.match(result.stderr, /its "renovate" object[\s\S]*"managerFilePatterns": \[\n\s*"kubernetes\/\*\*\/\*\.\{yaml,yml\}"/);
  assert.match(result.stderr, /"groupName": "coredns chart"[\s\S]*\[ci-renovate-config-not-editable\]/);
  assert.deepEqual(snapshotTree(dir), before, 'nothing written, not even the workflow or .yo-rc.json');
  // A package.json without the key is no Renovate config: renovate.json is written as before.
  const plain = repoWith('package.json', '{\n  "name": "home-ops"\n}\n');
  assert.equal(ci(plain).status, 0);
  assert.ok(existsSync(join(plain, RENOVATE_CONFIG_PATH)));
  assert.equal(readFileSync(join(plain, 'package.json'), 'utf8'), '{\n  "name": "home-ops"\n}\n');
});

test('ci-renovate-config-not-editable: a config whose packageRules is no list stops the run, naming the file', () => {
  const dir = repoWith('.renovaterc.json5', "{\n  extends: ['config:recommended'],\n  packageRules: 'none',\n}\n");
  const before = snapshotTree(dir);
  const result = ci(dir);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /\.renovaterc\.json5: [^\n]*packageRules is not of the type Renovate expects/);
  assert.match(result.stderr, /--no-renovate/);
  assert.deepEqual(snapshotTree(dir), before);
  // --no-renovate: the workflow alone, the config untouched.
  assert.equal(ci(dir, '--no-renovate').status, 0);
  assert.equal(readFileSync(join(dir, '.renovaterc.json5'), 'utf8'), "{\n  extends: ['config:recommended'],\n  packageRules: 'none',\n}\n");
});

test('the renovate.json an earlier run wrote in front of a .renovaterc.json5 goes, and the .renovaterc.json5 is extended', () => {
  const dir = tempDir('gp-ci-renovate-');
  mkdirSync(join(dir, 'kubernetes'));
  assert.equal(ci(dir).status, 0);
  assert.ok(existsSync(join(dir, RENOVATE_CONFIG_PATH)), 'the earlier run wrote renovate.json');
  writeFileSync(join(dir, '.renovaterc.json5'), configText('.renovaterc.json5'));
  const result = ci(dir);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(existsSync(join(dir, RENOVATE_CONFIG_PATH)), false, 'ours no longer shadows theirs');
  assert.equal((json5(readFileSync(join(dir, '.renovaterc.json5'), 'utf8')).packageRules as Rule[]).filter((r) => r.groupName === 'coredns chart').length, 1);
  // A renovate.json of the person's own is theirs: it is the one extended, and nothing is removed.
  const own = tempDir('gp-ci-renovate-');
  writeFileSync(join(own, RENOVATE_CONFIG_PATH), '{\n  "extends": ["config:recommended"]\n}\n');
  writeFileSync(join(own, '.renovaterc.json5'), configText('.renovaterc.json5'));
  const both = ci(own);
  assert.equal(both.status, 0, both.stderr);
  assert.match(both.stdout, /\.renovaterc\.json5 is a Renovate config too, but Renovate reads renovate\.json first/);
  assert.equal(readFileSync(join(own, '.renovaterc.json5'), 'utf8'), configText('.renovaterc.json5'));
  assert.equal((JSON.parse(readFileSync(join(own, RENOVATE_CONFIG_PATH), 'utf8')) as { packageRules: Rule[] }).packageRules.length, 1);
});

test('the edit inserts only: unusual layouts keep every byte, and what cannot be placed safely is refused', () => {
  const additions = { fluxFilePatterns: ['k/**/*.yaml'], packageRule: { description: 'ours', groupName: 'g' } };
  const edited = (path: string, text: string) => {
    const edit = extendRenovateConfig(path, text, additions);
    return 'contents' in edit ? edit.contents : undefined;
  };
  const refusal = (text: string) => {
    const edit = extendRenovateConfig('renovate.json', text, additions);
    return 'unsafe' in edit ? edit.unsafe : 'edited';
  };
  // One line, CRLF, a comment after the last entry without a comma, a duplicate key (the last counts).
  const cases = [
    '{"extends": ["a"]}',
    '{\r\n  "extends": ["a"] // no comma\r\n}\r\n',
    "{\n  packageRules: [], // empty\n  flux: {managerFilePatterns: ['k/**/*.yaml']},\n}\n",
    '{\n  "packageRules": [1],\n  "packageRules": [\n    {"description": "theirs"}\n  ]\n}\n',
  ];
  for (const text of cases) {
    const contents = edited('renovate.json5', text);
    assert.ok(contents !== undefined, text);
    // Every original character is still there, in order.
    let at = 0;
    for (const char of text) at = contents.indexOf(char, at) + 1 || assert.fail(`lost ${JSON.stringify(char)} of ${JSON.stringify(text)}`);
    const value = json5(contents);
    assert.equal((value.packageRules as Rule[]).filter((r) => r.description === 'ours').length, 1, contents);
    assert.ok((value.flux as { managerFilePatterns: string[] }).managerFilePatterns.includes('k/**/*.yaml'));
    assert.equal(edited('renovate.json5', contents), contents, 'a second edit changes nothing');
  }
  assert.match(refusal('[1]'), /top level is not an object/);
  assert.match(refusal('{"flux": []}'), /not of the type/);
  assert.match(refusal('{"a": '), /not JSON or JSON5/);
});

test('yo platform:ci (yeoman-environment, no terminal) extends the same config with the same bytes', async () => {
  const viaCli = repoWith('.github/renovate.json5', configText('.github/renovate.json5'));
  assert.equal(ci(viaCli).status, 0);
  const viaYeoman = repoWith('.github/renovate.json5', configText('.github/renovate.json5'));
  assert.equal(await runGenerator('ci', ['--no-interactive'], { cwd: viaYeoman }), 0);
  assert.deepEqual(readTree(viaYeoman), readTree(viaCli));
  assert.equal(existsSync(join(viaYeoman, RENOVATE_CONFIG_PATH)), false);
});
