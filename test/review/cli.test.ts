import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateCoreDnsRepo } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { commitAll, gitInit } from './support/git-repo.js';
import { STORY_ANSWERS } from '../support/story.js';
import { tempDir } from '../support/tree.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), ...args], { encoding: 'utf8' });

test('the bin lists and runs diff and graph', () => {
  const help = cli('--help');
  assert.match(help.stdout, /^ {2}diff +Show the objects/m);
  assert.match(help.stdout, /^ {2}graph +Draw each cluster/m);
  const dir = tempDir('gp-cli-');
  gitInit(dir);
  generateCoreDnsRepo(dir, STORY_ANSWERS);
  commitAll(dir, 'story');
  const diff = cli('diff', '--repo', dir, '--exit-code');
  assert.equal(diff.status, 0, diff.stderr);
  assert.match(diff.stdout, /^0 clusters changed, 2 unchanged \(base: HEAD \(/m);
  assert.equal(cli('diff', '--bogus').status, 2);
  const file = join(dir, 'graph.html');
  const graph = cli('graph', '--repo', dir, '--format', 'html', '--output', file);
  assert.equal(graph.status, 0, graph.stderr);
  assert.match(readFileSync(file, 'utf8'), /^<!DOCTYPE html>[\s\S]*<svg [\s\S]*>flux-system\/cluster-apps-infrastructure<\/text>/);
});
