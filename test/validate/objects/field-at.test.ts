import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldAt } from '../../../src/validate/objects/index.js';

test('fieldAt reads a nested field, and undefined as soon as a step is not a map', () => {
  const release = { spec: { values: { replicas: 3, list: [{ name: 'a' }] }, chart: 'text' } };
  assert.equal(fieldAt(release, 'spec', 'values', 'replicas'), 3);
  assert.deepEqual(fieldAt(release, 'spec', 'values'), { replicas: 3, list: [{ name: 'a' }] });
  assert.equal(fieldAt(release), release);
  // A string, a list, null or a missing step ends the walk, as `?.` would on a malformed object.
  assert.equal(fieldAt(release, 'spec', 'chart', 'length'), undefined);
  assert.equal(fieldAt(release, 'spec', 'values', 'list', '0'), undefined);
  assert.equal(fieldAt({ spec: null }, 'spec', 'url'), undefined);
  assert.equal(fieldAt(release, 'status', 'ready'), undefined);
  assert.equal(fieldAt(undefined, 'spec'), undefined);
});
