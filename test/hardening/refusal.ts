import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers from 'yeoman-test';
import type { InputCode } from '../../src/index.js';
import { ROOT, generatorPath } from '../support/package-paths.js';
import { STORY_ANSWERS_YAML } from '../support/story.js';
import { snapshotTree, tempDir } from '../support/tree.js';

/** What a refusal must say: the field it names, what is wrong, and (optionally) the fix and the rule's code. */
export interface Expected {
  readonly field: string;
  readonly says: RegExp;
  readonly fix?: RegExp;
  readonly code?: InputCode;
}

/** The message names the field, says what is wrong, gives a fix and that nothing was written. */
function assertMessage(message: string, expected: Expected): void {
  assert.ok(message.includes(`- ${expected.field}: `), `names ${expected.field}:\n${message.slice(0, 2000)}`);
  assert.match(message, expected.says);
  assert.match(message, expected.fix ?? /\n {4}fix: \S/);
  assert.match(message, /nothing was written/);
  if (expected.code) {
    // The code closes the fix line of that field's entry.
    const start = message.indexOf(`- ${expected.field}: `);
    const next = message.indexOf('\n  - ', start);
    const entry = message.slice(start, next < 0 ? undefined : next);
    assert.match(entry, new RegExp(`\\n {4}fix: [^\\n]*\\[${expected.code}\\]`), `rule ${expected.code} for ${expected.field}:\n${message.slice(0, 2000)}`);
  }
}

/** Runs a generator that must refuse; returns its message after checking the tree is unchanged. */
export async function refusedByGenerator(dir: string, run: PromiseLike<unknown>, expected: Expected, watched: readonly string[] = []): Promise<string> {
  const before = [dir, ...watched].map((root) => snapshotTree(root));
  let message = '';
  await assert.rejects(Promise.resolve(run), (error: Error) => {
    message = error.message;
    assertMessage(message, expected);
    return true;
  });
  assert.deepEqual(
    [dir, ...watched].map((root) => snapshotTree(root)),
    before,
    'nothing on disk changed',
  );
  return message;
}

/** Runs `platform-gitops <args>` with stdin not a terminal; it must exit 1, refusing, and change nothing. */
export function refusedByCli(dir: string, args: readonly string[], expected: Expected, watched: readonly string[] = []): string {
  const before = [dir, ...watched].map((root) => snapshotTree(root));
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), ...args], { cwd: dir, encoding: 'utf8', input: '', timeout: 60_000 });
  assert.equal(result.status, 1, `exit code 1\n${result.stderr}`);
  assertMessage(result.stderr, expected);
  assert.deepEqual(
    [dir, ...watched].map((root) => snapshotTree(root)),
    before,
    'nothing on disk changed',
  );
  return result.stderr;
}

export const runGenerator = (name: string, dir: string, options: Record<string, unknown>) =>
  helpers
    .run(generatorPath(name))
    .cd(dir)
    .withOptions({ skipInstall: true, interactive: false, skipValidate: true, ...options } as Record<string, unknown>);

let story: Promise<string> | undefined;

/** A fresh copy of the story repository (written once per test file, without validation). */
export async function storyRepo(into = tempDir()): Promise<string> {
  story ??= (async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), STORY_ANSWERS_YAML);
    await runGenerator('coredns', dir, { answers: 'answers.yaml' });
    return dir;
  })();
  cpSync(await story, into, { recursive: true });
  return into;
}
