import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import helpers from 'yeoman-test';
import { generatorPath } from '../support/package-paths.js';
import { STORY_ANSWERS_YAML } from '../support/story.js';
import { listFiles, snapshotTree, tempDir } from '../support/tree.js';

const RELEASE = 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml';

function run(dir: string, options: Record<string, unknown> = {}, answers?: Record<string, unknown>) {
  const context = helpers
    .run(generatorPath('coredns'))
    .cd(dir)
    .withOptions({ answers: 'answers.yaml', skipInstall: true, force: false, ...options } as Record<string, unknown>); // yeoman-test forces by default
  return answers ? context.withAnswers(answers) : context;
}

async function storyRepo(): Promise<string> {
  const dir = tempDir();
  writeFileSync(join(dir, 'answers.yaml'), STORY_ANSWERS_YAML);
  await run(dir);
  return dir;
}

describe('re-running over hand edits', () => {
  test('non-interactive: a hand-edited owned file stops the run, names the file, and nothing is written', async () => {
    const dir = await storyRepo();
    appendFileSync(join(dir, RELEASE), '# tuned by hand\n');
    // New answers too, so there is something the run would otherwise write.
    writeFileSync(join(dir, 'answers.yaml'), STORY_ANSWERS_YAML.replace('replicas: 2}\n  - {name: apps', 'replicas: 3}\n  - {name: apps'));
    const before = snapshotTree(dir);
    await assert.rejects(run(dir, { interactive: false }), (error: Error) => {
      assert.equal(error.name, 'ConflictError');
      assert.match(error.message, new RegExp(`- ${RELEASE}\\n`));
      assert.match(error.message, /--force/);
      return true;
    });
    assert.deepEqual(snapshotTree(dir), before, "the person's file and every other file are untouched");
  });

  test('--force overwrites the hand edit', async () => {
    const dir = await storyRepo();
    const generated = readFileSync(join(dir, RELEASE), 'utf8');
    appendFileSync(join(dir, RELEASE), '# tuned by hand\n');
    await run(dir, { interactive: false, force: true });
    assert.equal(readFileSync(join(dir, RELEASE), 'utf8'), generated);
  });

  test('changed answers update files nobody edited, without asking', async () => {
    const dir = await storyRepo();
    writeFileSync(join(dir, 'answers.yaml'), `${STORY_ANSWERS_YAML.replace('source: helm', 'source: helm').replace('version: 1.38.0', 'version: 1.38.1')}`);
    await run(dir, { interactive: false });
    assert.match(readFileSync(join(dir, RELEASE), 'utf8'), /version: 1\.38\.1/);
  });

  test('interactive: Yeoman\'s conflict prompt decides; "skip" keeps the person\'s file', async () => {
    const dir = await storyRepo();
    appendFileSync(join(dir, RELEASE), '# tuned by hand\n');
    const edited = readFileSync(join(dir, RELEASE), 'utf8');
    await run(dir, { interactive: true }, { action: 'skip' });
    assert.equal(readFileSync(join(dir, RELEASE), 'utf8'), edited);
  });

  test('interactive: "write" takes the generated file', async () => {
    const dir = await storyRepo();
    const generated = readFileSync(join(dir, RELEASE), 'utf8');
    appendFileSync(join(dir, RELEASE), '# tuned by hand\n');
    await run(dir, { interactive: true }, { action: 'write' });
    assert.equal(readFileSync(join(dir, RELEASE), 'utf8'), generated);
  });

  test('no temporary file is left behind', async () => {
    const dir = await storyRepo();
    await run(dir, { interactive: false });
    assert.deepEqual(
      listFiles(dir).filter((file) => file.endsWith('.tmp')),
      [],
    );
    assert.ok(readdirSync(dir).length > 0);
  });
});
