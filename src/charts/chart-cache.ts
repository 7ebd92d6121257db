import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CHART_HELM_REPOSITORY_URL, CHART_OCI_URL } from '../model/upstream.js';
import { packageRoot } from '../private/package-root.js';

/**
 * The chart cache: `<cache>/<repository key>/<chart>/<version>.tgz`, filled by
 * `platform-gitops charts pull` and read by `validate --helm` (docs/charts.md).
 */

/** The per-user cache folder: $XDG_CACHE_HOME, else the platform's (~/Library/Caches, %LOCALAPPDATA%, ~/.cache), then generator-platform/charts. */
export function defaultChartCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const base = env.XDG_CACHE_HOME || (platform === 'darwin' ? join(home, 'Library', 'Caches') : platform === 'win32' && env.LOCALAPPDATA ? env.LOCALAPPDATA : join(home, '.cache'));
  return join(base, 'generator-platform', 'charts');
}

/**
 * The folder name of a chart repository in the cache: its URL without a trailing slash, the
 * scheme's `://` and every character other than letters, digits, `.` and `-` as `_`, the host in
 * lower case. `https://coredns.github.io/helm` → `https_coredns.github.io_helm`;
 * `oci://ghcr.io/coredns/charts` → `oci_ghcr.io_coredns_charts`.
 */
export function repositoryKey(url: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/]+)(.*)$/i.exec(url.trim().replace(/\/+$/, ''));
  if (!match) throw new Error(`not a repository URL: ${url}`);
  const [, scheme, host, path] = match;
  return `${scheme!.toLowerCase()}_${host!.toLowerCase()}${path}`.replace(/[^A-Za-z0-9.-]/g, '_');
}

/** Where a chart version of a repository lives in the cache (it may not be there yet). */
export function cachedChartPath(cacheDir: string, repositoryUrl: string, chart: string, version: string): string {
  return chartFile(join(cacheDir, repositoryKey(repositoryUrl)), chart, version);
}

/** `<dir>/<chart>/<version>.tgz`; names that could climb out of `dir` are refused. */
function chartFile(dir: string, chart: string, version: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(chart) || chart.startsWith('.')) throw new Error(`not a chart name: ${chart}`);
  if (!/^[A-Za-z0-9.+_-]+$/.test(version) || version.startsWith('.')) throw new Error(`not a chart version: ${version}`);
  return join(dir, chart, `${version}.tgz`);
}

/** The folder of the chart archives the package ships (charts/<chart>/<version>.tgz). */
export function bundledChartsDir(): string {
  return join(packageRoot(), 'charts');
}

/** The repositories whose coredns chart the package ships: the Helm repository and the OCI registry. */
const BUNDLED_SOURCES: ReadonlyMap<string, string> = new Map([
  [repositoryKey(CHART_HELM_REPOSITORY_URL), 'coredns'],
  [repositoryKey(CHART_OCI_URL.replace(/\/[^/]+$/, '')), 'coredns'],
]);

/** The shipped archive of a chart version from one of the repositories the generator writes, if the package has it. */
export function findBundledChart(repositoryUrl: string, chart: string, version: string): string | undefined {
  if (BUNDLED_SOURCES.get(repositoryKey(repositoryUrl)) !== chart) return undefined;
  const path = chartFile(bundledChartsDir(), chart, version);
  return existsSync(path) ? path : undefined;
}

/** A chart to render: where it is and the folders the engine may read it from. */
export interface LocatedChart {
  readonly path: string;
  readonly roots: readonly string[];
}

/** The cached chart, else the shipped one; undefined when neither has it (pull it). */
export function locateChart(cacheDir: string, repositoryUrl: string, chart: string, version: string): LocatedChart | undefined {
  const cached = cachedChartPath(cacheDir, repositoryUrl, chart, version);
  if (existsSync(cached)) return { path: cached, roots: [cacheDir] };
  const bundled = findBundledChart(repositoryUrl, chart, version);
  return bundled ? { path: bundled, roots: [bundledChartsDir()] } : undefined;
}
