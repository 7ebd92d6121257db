import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '../support/tree.js';
import { type Expected, refusedByCli, refusedByGenerator, runGenerator } from './refusal.js';

const CLUSTER = 'clusters:\n  - {name: infra, serviceCidr: 10.245.0.0/16}\n';

/** platform:coredns --answers NAME in a folder where `prepare` made NAME; it must refuse. */
async function refusedAnswers(prepare: (file: string) => void, expected: Expected): Promise<string> {
  const dir = tempDir();
  prepare(join(dir, 'answers.yaml'));
  return refusedByGenerator(dir, runGenerator('coredns', dir, { answers: 'answers.yaml' }), expected);
}

/** A YAML alias bomb: each level doubles the last, 2^20 strings when fully expanded. */
function aliasBomb(levels = 20): string {
  const lines = ['a0: &a0 [x, x]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
  return `${CLUSTER}${lines.join('\n')}\n`;
}

describe('--answers FILE is read safely, and every problem with it names the file', () => {
  test('a FIFO is refused at once (never waits for a writer)', () => {
    // Outside the destination (a snapshot would block reading it); through the CLI, whose
    // spawn timeout turns a hang into a failure.
    const fifo = join(tempDir(), 'answers.yaml');
    execFileSync('mkfifo', [fifo]);
    refusedByCli(tempDir(), ['coredns', '--answers', fifo, '--skip-validate'], { field: '--answers', says: /answers\.yaml" is a named pipe \(FIFO\), not a regular file/ });
  });

  test('a directory is refused as not a regular file', async () => {
    await refusedAnswers((file) => mkdirSync(file), { field: '--answers', says: /answers\.yaml" is a directory, not a regular file/ });
  });

  test('a file over 1 MiB is refused with the limit in the message', async () => {
    const big = `${CLUSTER}# ${'x'.repeat(1024 * 1024)}\n`;
    await refusedAnswers((file) => writeFileSync(file, big), {
      field: '--answers',
      says: new RegExp(`answers\\.yaml" is ${Buffer.byteLength(big)} bytes, more than the 1 MiB \\(1048576 bytes\\) an answers file may have`),
    });
  });

  test('a YAML alias bomb (Excessive alias count) is refused, naming the file', async () => {
    await refusedAnswers((file) => writeFileSync(file, aliasBomb()), { field: '--answers', says: /answers\.yaml" is not valid YAML or JSON: Excessive alias count/ });
  });

  test('a syntax error and a duplicate key are refused, naming the file and the line', async () => {
    await refusedAnswers((file) => writeFileSync(file, 'clusters: [\n'), { field: '--answers', says: /answers\.yaml" is not valid YAML or JSON: .*line \d+/ });
    await refusedAnswers((file) => writeFileSync(file, `${CLUSTER}clusters: []\n`), { field: '--answers', says: /answers\.yaml" is not valid YAML or JSON: Map keys must be unique at line 3/ });
  });

  test('a parse error on a huge line quotes a short prefix of it', async () => {
    const message = await refusedAnswers((file) => writeFileSync(file, `${CLUSTER}"${'y'.repeat(500_000)}\n`), { field: '--answers', says: /is not valid YAML or JSON: / });
    assert.ok(message.length < 1024, `message is ${message.length} characters`);
  });

  test('a missing file is refused, naming it', async () => {
    await refusedAnswers(() => undefined, { field: '--answers', says: /answers\.yaml" does not exist/ });
  });

  test('replicas: .nan says "expected a whole number, got NaN"', async () => {
    await refusedAnswers((file) => writeFileSync(file, 'clusters:\n  - {name: infra, serviceCidr: 10.245.0.0/16, replicas: .nan}\n'), {
      field: 'clusters[0].replicas',
      says: /clusters\[0\]\.replicas: expected a whole number, got NaN\n/,
    });
  });
});
