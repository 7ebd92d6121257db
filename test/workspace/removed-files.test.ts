// The one writer deletes a file a plan takes away (role `removed`) only while it is as the
// generator wrote it; a hand-edited one is a conflict like an owned file's, and nothing leaves
// the repository.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConflictError, OutsideRepositoryError, formatChanges, writePlan, writePlanSync } from '../../src/index.js';
import { snapshotTree, tempDir } from '../support/tree.js';

const WRITTEN = '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gone\n';
const PATH = 'clusters/edge/coredns.yaml';
const REMOVED = { path: PATH, contents: '', role: 'removed' as const };

/** A repository holding PATH with `contents` and one file that stays. */
function repoWith(contents: string): string {
  const repo = tempDir('gp-removed-');
  mkdirSync(join(repo, 'clusters/edge'), { recursive: true });
  writeFileSync(join(repo, PATH), contents);
  writeFileSync(join(repo, 'clusters/edge/keep.yaml'), 'kept: true\n');
  return repo;
}

const previous = new Map([[PATH, WRITTEN]]);

describe('removed files', () => {
  test('a file as the generator wrote it is deleted, and said so', () => {
    const repo = repoWith(WRITTEN);
    const result = writePlanSync([REMOVED], { root: repo, previous });
    assert.deepEqual(result.statuses, [{ path: PATH, status: 'delete' }]);
    assert.ok(!existsSync(join(repo, PATH)));
    assert.equal(readFileSync(join(repo, 'clusters/edge/keep.yaml'), 'utf8'), 'kept: true\n');
  });

  test('a removed file that is not there is identical: nothing to do', () => {
    const repo = tempDir('gp-removed-');
    assert.deepEqual(writePlanSync([REMOVED], { root: repo, previous }).statuses, [{ path: PATH, status: 'identical' }]);
  });

  test('a hand-edited one stops the run (nothing written or deleted), is kept under `keep`, and goes under --force', () => {
    const edited = `${WRITTEN}# mine\n`;
    const repo = repoWith(edited);
    const before = snapshotTree(repo);
    const other = { path: 'clusters/edge/new.yaml', contents: 'x: 1\n', role: 'owned' as const };
    assert.throws(
      () => writePlanSync([other, REMOVED], { root: repo, previous }),
      (error: Error) => error instanceof ConflictError && error.files.includes(PATH),
    );
    assert.deepEqual(snapshotTree(repo), before, 'nothing written');
    assert.deepEqual(writePlanSync([REMOVED], { root: repo, previous, policy: 'keep' }).statuses, [{ path: PATH, status: 'keep' }]);
    assert.equal(readFileSync(join(repo, PATH), 'utf8'), edited);
    assert.deepEqual(writePlanSync([REMOVED], { root: repo, previous, force: true }).statuses, [{ path: PATH, status: 'delete' }]);
    assert.ok(!existsSync(join(repo, PATH)));
  });

  test('without the previous rendering a file counts as edited: it is never deleted unasked', () => {
    const repo = repoWith(WRITTEN);
    assert.throws(() => writePlanSync([REMOVED], { root: repo }), ConflictError);
    assert.ok(existsSync(join(repo, PATH)));
  });

  test('the interactive resolver decides about a hand-edited one', async () => {
    for (const answer of [false, true]) {
      const repo = repoWith(`${WRITTEN}# mine\n`);
      const asked: string[] = [];
      const result = await writePlan([REMOVED], { root: repo, previous, resolveConflict: async (file) => (asked.push(file.path), answer) });
      assert.deepEqual(asked, [PATH]);
      assert.deepEqual(result.statuses, [{ path: PATH, status: answer ? 'delete' : 'keep' }]);
      assert.equal(existsSync(join(repo, PATH)), !answer);
    }
  });

  test('a dry run shows the deletion as a diff to /dev/null and deletes nothing', () => {
    const repo = repoWith(WRITTEN);
    const result = writePlanSync([REMOVED], { root: repo, previous, dryRun: true });
    assert.deepEqual(result.changes, [{ path: PATH, before: WRITTEN, after: undefined }]);
    const diff = formatChanges(result.changes);
    assert.match(diff, /^--- a\/clusters\/edge\/coredns\.yaml\n\+\+\+ \/dev\/null\n@@ -1,5 \+0,0 @@\n-+---\n/m);
    assert.ok(existsSync(join(repo, PATH)));
  });

  test('a removed path through a link out of the repository is refused, and the outside file stays', () => {
    const base = tempDir('gp-removed-');
    const repo = join(base, 'repo');
    const outside = join(base, 'outside');
    mkdirSync(repo);
    mkdirSync(outside);
    writeFileSync(join(outside, 'coredns.yaml'), WRITTEN);
    mkdirSync(join(repo, 'clusters'));
    symlinkSync(outside, join(repo, 'clusters/edge'));
    assert.throws(() => writePlanSync([REMOVED], { root: repo, previous }), OutsideRepositoryError);
    assert.equal(readFileSync(join(outside, 'coredns.yaml'), 'utf8'), WRITTEN);
  });
});
