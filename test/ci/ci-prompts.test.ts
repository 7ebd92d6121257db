// platform:ci in a terminal: it asks on the first run (or with --reconfigure) for what no option
// gave, and the answers reach the files and .yo-rc.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import helpers from 'yeoman-test';
import { CI_WORKFLOW_PATH, RENOVATE_CONFIG_PATH, YO_RC_NAMESPACE } from '../../src/index.js';
import { generatorPath } from '../support/package-paths.js';
import { readTree, tempDir } from '../support/tree.js';

const storedCi = (dir: string) => JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))[YO_RC_NAMESPACE].ci;

test('prompted answers reach the workflow and the stored answers; an option skips its prompt', async () => {
  const dir = tempDir('gp-ci-prompt-');
  await helpers
    .run(generatorPath('ci'))
    .inDir(dir)
    .withOptions({ skipInstall: true, interactive: true, packageSpec: 'generator-platform@2' } as Record<string, unknown>)
    // throwOnMissingAnswer: a prompt without an answer here (packageSpec's) fails the run.
    .withAnswers({ gitopsPaths: 'clusters, infrastructure', nodeVersion: '22', renovate: false, shard: '2' }, { throwOnMissingAnswer: true });
  assert.deepEqual(Object.keys(readTree(dir)).sort(), ['.github/workflows/gitops-validate.yaml', '.yo-rc.json']);
  assert.match(readFileSync(join(dir, CI_WORKFLOW_PATH), 'utf8'), /- clusters\/\*\*\n {6}- infrastructure\/\*\*\n[\s\S]*node-version: "22"[\s\S]*--no-fund generator-platform@2 && /);
  assert.deepEqual(storedCi(dir), { gitopsPaths: ['clusters/**', 'infrastructure/**'], nodeVersion: '22', renovate: false, packageSpec: 'generator-platform@2', shards: 2 });
  assert.match(readFileSync(join(dir, CI_WORKFLOW_PATH), 'utf8'), /matrix:\n {8}shard:\n {10}- 1\n {10}- 2\n/);
});

test('a later terminal run asks nothing; --reconfigure asks again', async () => {
  const dir = tempDir('gp-ci-prompt-');
  const run = (options: object, answers: object) =>
    helpers
      .run(generatorPath('ci'))
      .cd(dir)
      .withOptions({ skipInstall: true, interactive: true, ...options } as Record<string, unknown>)
      .withAnswers(answers, { throwOnMissingAnswer: true });
  await run({}, { gitopsPaths: 'kubernetes', nodeVersion: '20', packageSpec: 'generator-platform', renovate: true, shard: '1' });
  await run({}, {}); // throwOnMissingAnswer: any prompt would fail this run
  assert.ok(readTree(dir)[RENOVATE_CONFIG_PATH]);
  await run({ reconfigure: true }, { gitopsPaths: 'kubernetes', nodeVersion: '22', packageSpec: 'generator-platform', renovate: true, shard: '1' });
  assert.equal(storedCi(dir).nodeVersion, '22');
});
