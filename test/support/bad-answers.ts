import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type InputCode, InputError } from '../../src/index.js';
import { coreDnsOnAnswersFile } from './story-repo.js';
import { snapshotTree, tempDir } from './tree.js';

/** One answers file the model must refuse by rule `code`, naming `field`, with a message matching `says`. */
export interface BadAnswers {
  readonly code: InputCode;
  readonly rule: string;
  readonly answers: string;
  readonly field: string;
  readonly says: RegExp;
}

/** Runs platform:coredns on `bad.answers` and asserts the refusal names the field and the fix, and that nothing was written. */
export async function assertAnswersRefused(bad: BadAnswers): Promise<void> {
  const dir = tempDir();
  writeFileSync(join(dir, 'answers.yaml'), bad.answers);
  const before = snapshotTree(dir);
  await assert.rejects(coreDnsOnAnswersFile(dir), (error: Error) => {
    assert.ok(error.message.includes(`- ${bad.field}:`), `names ${bad.field}:\n${error.message}`);
    assert.match(error.message, bad.says);
    assert.match(error.message, /fix: \S/);
    assert.match(error.message, /nothing was written/);
    assert.ok(error instanceof InputError, `an InputError, not ${error.name}`);
    assert.ok(
      error.issues.some((issue) => issue.code === bad.code && issue.path === bad.field),
      `rule ${bad.code} at ${bad.field}; got ${error.issues.map((issue) => `${issue.code} at ${issue.path}`).join(', ')}`,
    );
    return true;
  });
  assert.deepEqual(snapshotTree(dir), before, 'the destination is byte-for-byte unchanged');
}
