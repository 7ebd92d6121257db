import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { KustomizeBuilder } from '../../../src/validate/kustomize/index.js';
import { ROOT } from '../../support/package-paths.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'transformers');

const key = (object: Record<string, any>): string => `${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
const sorted = (objects: Record<string, any>[]): Record<string, any>[] => [...objects].sort((a, b) => (key(a) < key(b) ? -1 : 1));

function kubectlBuild(dir: string): Record<string, any>[] {
  const out = execFileSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], { encoding: 'utf8' });
  return parseAllDocuments(out)
    .map((doc) => doc.toJS())
    .filter(Boolean);
}

/** Every fixture folder but the shared base (and the Flux overlay's, tested on its own) is a case. */
const cases = readdirSync(FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory() && entry.name !== 'base' && !entry.name.startsWith('flux-'));

describe('in-process transformers match kubectl kustomize (kustomize v5)', () => {
  test('there are fixtures to compare', () => assert.ok(cases.length >= 10));
  for (const { name } of cases) {
    test(name, () => {
      const dir = join(FIXTURES, name);
      const expected = sorted(kubectlBuild(dir));
      const actual = sorted(new KustomizeBuilder(FIXTURES).build(dir).map(({ object }) => object));
      assert.deepEqual(actual.map(key), expected.map(key));
      for (let i = 0; i < expected.length; i++) assert.deepEqual(actual[i], expected[i], key(expected[i]!));
    });
  }
});
