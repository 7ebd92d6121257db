import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ValuesShape } from '../../src/index.js';
import { COREDNS_CHART_PROFILES } from '../../src/model/index.js';
import { chartTemplates, chartValues, leafPaths } from '../support/chart-fixtures.js';

function paths(shape: ValuesShape, prefix = ''): string[] {
  if (typeof shape === 'string') return [prefix];
  return Object.entries(shape).flatMap(([key, child]) => paths(child, prefix ? `${prefix}.${key}` : key));
}

for (const profile of COREDNS_CHART_PROFILES) {
  for (const version of profile.versions) {
    test(`the coredns profile of ${version} has every key of its values.yaml, and each key it adds is one the templates read`, () => {
      const { defaults } = chartValues(version);
      const profilePaths = paths(profile.shape);
      const covered = (path: string) => profilePaths.some((p) => path === p || path.startsWith(`${p}.`));
      const valueKeys = leafPaths(defaults);
      assert.deepEqual(
        valueKeys.filter((path) => !covered(path)),
        [],
        'keys of values.yaml absent from the profile',
      );
      const added = profilePaths.filter((path) => !valueKeys.some((v) => v === path || v.startsWith(`${path}.`)));
      assert.ok(added.includes('service.clusterIP') && added.includes('k8sAppLabelOverride'), 'the comment-documented keys are added');
      const templates = chartTemplates(version);
      for (const path of added) assert.ok(new RegExp(`\\.Values\\.${path.replace(/\./g, '\\.')}\\b`).test(templates), `${path} is read by the templates`);
    });
  }
}
