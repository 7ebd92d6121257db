import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, coreDnsObjects } from './support.js';

test('the minimal CoreDNS object set every finding test starts from is clean', () => {
  assert.deepEqual(check(coreDnsObjects()), []);
});
