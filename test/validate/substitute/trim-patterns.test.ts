import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandVariables, SubstitutionError } from '../../../src/validate/substitute/index.js';

// Expected values are what fluxcd/pkg envsubst (v1.7.0 sources) printed for the same input.
const trimmed = (value: string, template: string): string => expandVariables(template, new Map([['A', value]]));

describe("trim patterns follow envsubst's fork of Go path.Match", () => {
  const value = 'abc/déf/x';
  test('* and ? match / too', () => {
    assert.equal(trimmed(value, '${A##*/}'), 'x');
    assert.equal(trimmed(value, '${A#*/}'), 'déf/x');
    assert.equal(trimmed(value, '${A##a?c}'), '/déf/x');
    assert.equal(trimmed(value, '${A%%/*}'), 'abc');
    assert.equal(trimmed(value, '${A%/*}'), 'abc/déf');
  });
  test('classes, negation, escapes', () => {
    assert.equal(trimmed(value, '${A##[a-c][^x]}'), 'c/déf/x');
    assert.equal(trimmed(value, '${A##[]]}'), value); // "[]]" is malformed: nothing changes
    assert.equal(trimmed(value, '${A##\\a*}'), '');
    assert.equal(trimmed(value, '${A##*b*}'), '');
  });
  test('offsets are bytes: ? can take half of a two-byte char', () => {
    assert.equal(trimmed('é/ü', '${A#?}'), '\ufffd/ü');
    assert.equal(trimmed('é/ü', '${A%?}'), 'é/\ufffd');
    assert.equal(trimmed('é/ü', '${A#[é]}'), '/ü');
  });
});

test('a trim whose prefix-by-prefix matching would take too long fails with a limit error instead of hanging', () => {
  const value = 'a'.repeat(20_000);
  assert.throws(
    () => expandVariables('${A#*z}'.padEnd(20_000), new Map([['A', value]])),
    (error: SubstitutionError) => error.reason === 'limit' && /pattern steps/.test(error.message),
  );
});
