import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { COREDNS_CHART_PROFILE, type ValuesShape } from '../../src/index.js';
import { SHARED_REFERENCE } from '../support/package-paths.js';

const VALUES_FILE = join(SHARED_REFERENCE, 'coredns-chart-1.38.0-values.yaml');

function paths(shape: ValuesShape, prefix = ''): string[] {
  if (typeof shape === 'string') return [prefix];
  return Object.entries(shape).flatMap(([key, child]) => paths(child, prefix ? `${prefix}.${key}` : key));
}

function valuePaths(value: unknown, prefix = ''): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, child]) => valuePaths(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

test('the coredns chart profile has every key of the chart 1.38.0 values file, and documents each key it adds', { skip: !existsSync(VALUES_FILE) && `no ${VALUES_FILE}` }, () => {
  const source = readFileSync(VALUES_FILE, 'utf8');
  const profile = new Set(paths(COREDNS_CHART_PROFILE.shape));
  const covered = (path: string) => [...profile].some((p) => path === p || path.startsWith(`${p}.`));
  const missing = valuePaths(parse(source)).filter((path) => !covered(path));
  assert.deepEqual(missing, [], 'keys of values.yaml absent from the profile');
  const valueKeys = new Set(valuePaths(parse(source)));
  const added = [...profile].filter((path) => !valueKeys.has(path) && ![...valueKeys].some((v) => v.startsWith(`${path}.`)));
  // Each added key is documented in the values file's comments or honoured by the templates (reference notes).
  for (const path of added) {
    const leaf = path.split('.').at(-1)!;
    assert.ok(new RegExp(`^#\\s*${leaf}:`, 'm').test(source) || ['fullnameOverride', 'nameOverride'].includes(leaf), `${path} is documented`);
  }
});
