import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCoreDnsRepo } from '../../src/index.js';
import { STORY_ANSWERS } from '../support/story.js';
import { tempDir } from '../support/tree.js';

/** The generated story repo, with .yo-rc.json recording the Service CIDRs of `recorded` clusters. */
export function generatedRepo(recorded = STORY_ANSWERS.clusters): string {
  const dir = tempDir();
  generateCoreDnsRepo(dir, STORY_ANSWERS);
  writeFileSync(join(dir, '.yo-rc.json'), JSON.stringify({ 'generator-platform': { coredns: { clusters: recorded } } }));
  return dir;
}

/** Changes a file of the repo; fails when the change changes nothing (the fault was not injected). */
export function edit(dir: string, file: string, change: (text: string) => string): void {
  const before = readFileSync(join(dir, file), 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `the fault was injected into ${file}`);
  writeFileSync(join(dir, file), after);
}
