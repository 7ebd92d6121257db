import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  CHART_HELM_REPOSITORY_URL,
  CHART_OCI_URL,
  CHART_VERSIONS,
  DEFAULT_CHART_VERSION,
  FIRST_OCI_CHART_VERSION,
  NEWEST_CHART_VERSION,
  defaultChartSource,
  isKnownChartVersion,
  isPublishedToOci,
  parseChartVersion,
} from '../../src/index.js';
import { findBundledChart } from '../../src/charts/index.js';
import { chartChecksFor } from '../../src/validate/charts/chart-checks.js';
import { CHART_FIXTURES } from '../support/chart-fixtures.js';
import { ROOT } from '../support/package-paths.js';

const versions = CHART_VERSIONS.map((release) => release.version);

describe('the chart catalogue', () => {
  test('lists exactly the vendored versions, oldest first, from the pinned 1.38.0 to the newest', () => {
    const vendored = readdirSync(CHART_FIXTURES).filter((name) => parseChartVersion(name));
    const byVersion = (a: string, b: string) => {
      const [x, y] = [parseChartVersion(a)!, parseChartVersion(b)!];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    };
    assert.deepEqual(versions, [...vendored].sort(byVersion));
    assert.deepEqual(versions, [...versions].sort(byVersion));
    assert.equal(versions[0], DEFAULT_CHART_VERSION);
    assert.equal(NEWEST_CHART_VERSION, versions.at(-1));
    assert.ok(versions.length > 2);
  });

  test('one catalogue: the versions the generator offers are the versions validate has a profile for and the package ships', () => {
    const profiled = chartChecksFor('coredns')!.profiles.flatMap((profile) => profile.versions);
    assert.deepEqual(profiled, versions, "validate's coredns chart checks profile exactly the catalogue's versions, in order");
    // The archives `validate --helm` renders offline (packed at compile from the vendored folders).
    const shipped = readdirSync(join(ROOT, 'charts', 'coredns'))
      .filter((name) => name.endsWith('.tgz'))
      .map((name) => name.slice(0, -'.tgz'.length));
    assert.deepEqual([...shipped].sort(), [...versions].sort(), 'charts/coredns/<version>.tgz for exactly the catalogued versions');
    for (const version of versions) {
      assert.ok(findBundledChart(CHART_HELM_REPOSITORY_URL, 'coredns', version), `${version} from the Helm repository renders offline`);
      assert.ok(findBundledChart(CHART_OCI_URL.replace(/\/coredns$/, ''), 'coredns', version), `${version} from OCI renders offline`);
    }
  });

  test('1.38.0 never reached OCI, every release from 1.38.1 on did', () => {
    assert.equal(FIRST_OCI_CHART_VERSION, '1.38.1');
    assert.deepEqual(
      CHART_VERSIONS.filter((release) => !release.oci).map((release) => release.version),
      ['1.38.0'],
    );
    assert.equal(isPublishedToOci('1.38.0'), false);
    assert.equal(isPublishedToOci(NEWEST_CHART_VERSION), true);
    assert.equal(defaultChartSource('1.38.0'), 'helm');
    assert.equal(defaultChartSource(NEWEST_CHART_VERSION), 'oci');
    // Versions the catalogue does not list keep the rule: older than 1.38.1 is helm only.
    assert.equal(isPublishedToOci('1.37.3'), false);
    assert.equal(isPublishedToOci('not-a-version'), false);
  });

  test('knows appVersions and only released versions', () => {
    assert.equal(CHART_VERSIONS[0]!.appVersion, '1.11.4');
    assert.match(CHART_VERSIONS.at(-1)!.appVersion, /^\d+\.\d+\.\d+$/);
    assert.ok(CHART_VERSIONS.every((release) => /^[0-9a-f]{40}$/.test(release.commit)));
    assert.equal(isKnownChartVersion('1.38.0'), true);
    assert.equal(isKnownChartVersion(NEWEST_CHART_VERSION), true);
    // 1.44.0 to 1.44.2 were never released: the chart went from 1.43.3 to 1.44.3.
    assert.equal(isKnownChartVersion('1.44.0'), false);
    assert.equal(isKnownChartVersion('1.37.3'), false);
  });
});
