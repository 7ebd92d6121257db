import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CHART_VERSIONS, CHART_HELM_REPOSITORY_URL, CHART_OCI_URL } from '../../src/index.js';
import { bundledChartsDir, cachedChartPath, defaultChartCacheDir, findBundledChart, locateChart, repositoryKey } from '../../src/charts/index.js';
import { chartDir } from '../support/chart-fixtures.js';
import { ROOT } from '../support/package-paths.js';
import { readTree, tempDir } from '../support/tree.js';

describe('the chart cache layout', () => {
  test('repository keys: scheme, host in lower case, path; separators as _', () => {
    assert.equal(repositoryKey('https://coredns.github.io/helm/'), 'https_coredns.github.io_helm');
    assert.equal(repositoryKey('oci://GHCR.io/coredns/charts'), 'oci_ghcr.io_coredns_charts');
    assert.equal(repositoryKey('http://127.0.0.1:8080/a b'), 'http_127.0.0.1_8080_a_b');
    assert.throws(() => repositoryKey('charts'), /not a repository URL/);
  });

  test('<cache>/<repository key>/<chart>/<version>.tgz; names that climb out are refused', () => {
    assert.equal(cachedChartPath('/c', 'https://example.com/charts', 'web', '1.2.3'), join('/c', 'https_example.com_charts', 'web', '1.2.3.tgz'));
    assert.throws(() => cachedChartPath('/c', 'https://example.com', '..', '1.0.0'), /not a chart name/);
    assert.throws(() => cachedChartPath('/c', 'https://example.com', 'web', '../../etc/passwd'), /not a chart version/);
  });

  test('the default cache follows XDG_CACHE_HOME, else the platform cache folder', () => {
    assert.equal(defaultChartCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u'), join('/x', 'generator-platform', 'charts'));
    assert.equal(defaultChartCacheDir({}, 'linux', '/home/u'), join('/home/u', '.cache', 'generator-platform', 'charts'));
    assert.equal(defaultChartCacheDir({}, 'darwin', '/Users/u'), join('/Users/u', 'Library', 'Caches', 'generator-platform', 'charts'));
  });

  test('a cached chart comes first; the shipped CoreDNS archive is found for both of its sources, no other', () => {
    const cache = tempDir('gp-chart-cache-');
    try {
      const shipped = join(bundledChartsDir(), 'coredns', '1.38.0.tgz');
      assert.equal(findBundledChart(CHART_HELM_REPOSITORY_URL, 'coredns', '1.38.0'), shipped);
      assert.equal(findBundledChart(CHART_OCI_URL.replace(/\/coredns$/, ''), 'coredns', '1.38.0'), shipped);
      assert.equal(findBundledChart('https://example.com/charts', 'coredns', '1.38.0'), undefined);
      assert.equal(findBundledChart(CHART_HELM_REPOSITORY_URL, 'coredns', '0.0.1'), undefined);
      assert.deepEqual(locateChart(cache, CHART_HELM_REPOSITORY_URL, 'coredns', '1.38.0'), { path: shipped, roots: [bundledChartsDir()] });

      const cached = cachedChartPath(cache, CHART_HELM_REPOSITORY_URL, 'coredns', '1.38.0');
      mkdirSync(join(cached, '..'), { recursive: true });
      writeFileSync(cached, 'x');
      assert.deepEqual(locateChart(cache, CHART_HELM_REPOSITORY_URL, 'coredns', '1.38.0'), { path: cached, roots: [cache] });
      assert.equal(locateChart(cache, 'https://example.com/charts', 'web', '1.0.0'), undefined);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe('the shipped CoreDNS chart archives', () => {
  test('one per version the generator offers, each holding exactly the vendored chart folder', () => {
    const work = tempDir('gp-bundled-charts-');
    try {
      for (const { version } of CHART_VERSIONS) {
        const out = join(work, version);
        mkdirSync(out);
        execFileSync('tar', ['-xzf', join(ROOT, 'charts', 'coredns', `${version}.tgz`), '-C', out]);
        assert.deepEqual(readTree(join(out, 'coredns')), readTree(chartDir(version)), version);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
