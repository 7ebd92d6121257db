import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import maxSatisfying from 'semver/ranges/max-satisfying.js';
import valid from 'semver/functions/valid.js';
import { parse } from 'yaml';
import { cachedChartPath, findBundledChart } from './chart-cache.js';
import { type ChartReference, type UnresolvedReference, findChartReferences } from './private/chart-references.js';

/** Options of {@link pullCharts}. */
export interface ChartPullOptions {
  /** The repository whose HelmReleases name the charts. */
  readonly repo: string;
  /** The chart cache to fill (docs/charts.md). */
  readonly cacheDir: string;
  /** Per request. @default 30000 */
  readonly timeoutMs?: number;
  /** The largest index or chart accepted. @default 50 MiB */
  readonly maxBytes?: number;
}

/** What became of one chart version. */
export interface ChartPullOutcome {
  readonly chart: string;
  /** The version asked for (a range is resolved in `path`'s name). */
  readonly version: string;
  readonly source: string;
  readonly url: string;
  /** pulled: fetched and verified now; cached: already in the cache; bundled: shipped with the package; skipped: not pullable here (see message); failed: see message. */
  readonly status: 'pulled' | 'cached' | 'bundled' | 'skipped' | 'failed';
  readonly path?: string;
  readonly message?: string;
}

/** The outcome of `platform-gitops charts pull`. */
export interface ChartPullReport {
  readonly outcomes: readonly ChartPullOutcome[];
  /** HelmReleases whose chart could not be named offline. */
  readonly unresolved: readonly UnresolvedReference[];
}

class PullError extends Error {}

/**
 * Fills the chart cache with every chart version the repository's HelmReleases name: from a
 * HelmRepository's index.yaml (the archive's digest checked against the index's), or from an OCI
 * registry (the layer's digest checked). Writes only inside `cacheDir`, each archive through a
 * temporary file and a rename.
 */
export async function pullCharts(options: ChartPullOptions): Promise<ChartPullReport> {
  const { references, unresolved } = findChartReferences(options.repo);
  const limits = { timeoutMs: options.timeoutMs ?? 30_000, maxBytes: options.maxBytes ?? 50 * 1024 * 1024 };
  const indexes = new Map<string, Promise<HelmIndex>>();
  const outcomes: ChartPullOutcome[] = [];
  for (const ref of references) {
    const base = { chart: ref.chart, version: ref.version, source: ref.source, url: ref.url };
    try {
      const exact = valid(ref.version) ?? undefined;
      if (exact) {
        const cached = cachedChartPath(options.cacheDir, ref.url, ref.chart, exact);
        if (existsSync(cached)) {
          outcomes.push({ ...base, status: 'cached', path: cached });
          continue;
        }
        const bundled = findBundledChart(ref.url, ref.chart, exact);
        if (bundled) {
          outcomes.push({ ...base, status: 'bundled', path: bundled });
          continue;
        }
      }
      if (ref.needsCredentials) {
        outcomes.push({
          ...base,
          status: 'skipped',
          message: `${ref.source} names credentials (secretRef), which charts pull does not read; put the archive at ${cachedChartPath(options.cacheDir, ref.url, ref.chart, exact ?? '<version>')}`,
        });
        continue;
      }
      let pulled: { version: string; data: Buffer };
      if (ref.oci) {
        if (!exact) {
          outcomes.push({ ...base, status: 'skipped', message: `an OCI chart is pulled by exact version; ${ref.version} is a range` });
          continue;
        }
        pulled = { version: exact, data: await pullOci(ref, exact, limits) };
      } else {
        if (!indexes.has(ref.url)) indexes.set(ref.url, fetchIndex(ref.url, limits));
        pulled = await pullFromIndex(await indexes.get(ref.url)!, ref, limits);
      }
      const path = cachedChartPath(options.cacheDir, ref.url, ref.chart, pulled.version);
      if (!existsSync(path)) writeArchive(path, pulled.data);
      outcomes.push({ ...base, status: 'pulled', path });
    } catch (error) {
      if (!(error instanceof PullError) && !(error instanceof TypeError) && (error as Error).name !== 'TimeoutError') throw error;
      const cause = (error as Error & { cause?: Error }).cause;
      outcomes.push({ ...base, status: 'failed', message: `${(error as Error).message}${cause ? ` (${cause.message})` : ''}` });
    }
  }
  return { outcomes, unresolved };
}

interface HelmIndex {
  readonly url: string;
  readonly entries: Record<string, { version: string; urls?: string[]; digest?: string }[]>;
}

async function fetchIndex(url: string, limits: Limits): Promise<HelmIndex> {
  const indexUrl = `${url}/index.yaml`;
  const text = (await download(indexUrl, limits)).toString('utf8');
  let index: unknown;
  try {
    index = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new PullError(`${indexUrl} is not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const entries = (index as { entries?: unknown } | null)?.entries;
  if (!entries || typeof entries !== 'object') throw new PullError(`${indexUrl} is not a Helm repository index (no entries)`);
  return { url: indexUrl, entries: entries as HelmIndex['entries'] };
}

async function pullFromIndex(index: HelmIndex, ref: ChartReference, limits: Limits): Promise<{ version: string; data: Buffer }> {
  const versions = index.entries[ref.chart];
  if (!Array.isArray(versions)) throw new PullError(`${index.url} has no chart ${ref.chart}`);
  // As source-controller: `*` and ranges take the newest match; an exact version must be listed.
  const chosen = valid(ref.version)
    ? ref.version
    : maxSatisfying(
        versions.map((v) => String(v.version)),
        ref.version === '' ? '*' : ref.version,
      );
  const entry = versions.find((v) => String(v.version) === chosen);
  if (!entry) throw new PullError(`${index.url} lists no version of ${ref.chart} matching ${ref.version}`);
  const first = entry.urls?.[0];
  if (!first) throw new PullError(`${index.url} gives no download URL for ${ref.chart} ${entry.version}`);
  const archiveUrl = new URL(first, `${ref.url}/`).toString();
  const data = await download(archiveUrl, limits);
  if (entry.digest) {
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== String(entry.digest).replace(/^sha256:/, '')) throw new PullError(`${archiveUrl} has sha256 ${actual}, but ${index.url} gives ${entry.digest}; nothing was written`);
  }
  checkArchive(archiveUrl, data);
  return { version: String(entry.version), data };
}

const HELM_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

/** A chart from an OCI registry: the manifest of the tag, then its chart layer (anonymous token if the registry asks for one). */
async function pullOci(ref: ChartReference, version: string, limits: Limits): Promise<Buffer> {
  const match = /^oci:\/\/([^/]+)\/?(.*)$/.exec(ref.url);
  if (!match) throw new PullError(`${ref.url} is not an oci:// URL`);
  const [, host, path] = match;
  const name = path ? `${path}/${ref.chart}` : ref.chart;
  const base = `${ref.insecure ? 'http' : 'https'}://${host}/v2/${name}`;
  let token: string | undefined;
  const get = async (url: string, accept: string): Promise<Buffer> => {
    try {
      return await download(url, limits, { accept, ...(token ? { authorization: `Bearer ${token}` } : {}) });
    } catch (error) {
      const challenge = error instanceof HttpError && error.status === 401 ? error.challenge : undefined;
      if (!challenge || token) throw error;
      token = await anonymousToken(challenge, limits);
      return download(url, limits, { accept, authorization: `Bearer ${token}` });
    }
  };
  const manifest = JSON.parse((await get(`${base}/manifests/${version}`, 'application/vnd.oci.image.manifest.v1+json')).toString('utf8')) as { layers?: { mediaType: string; digest: string }[] };
  const layer = manifest.layers?.find((l) => l.mediaType === HELM_LAYER);
  if (!layer || !/^sha256:[0-9a-f]{64}$/.test(layer.digest)) throw new PullError(`${ref.url}/${ref.chart}:${version} has no Helm chart layer`);
  const blobUrl = `${base}/blobs/${layer.digest}`;
  const data = await get(blobUrl, HELM_LAYER);
  const actual = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  if (actual !== layer.digest) throw new PullError(`${blobUrl} has digest ${actual}, not the manifest's ${layer.digest}; nothing was written`);
  checkArchive(blobUrl, data);
  return data;
}

async function anonymousToken(challenge: string, limits: Limits): Promise<string> {
  const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  if (!/^bearer /i.test(challenge) || !params.realm) throw new PullError(`the registry asks for ${challenge.split(' ')[0]} credentials`);
  const url = new URL(params.realm);
  for (const key of ['service', 'scope']) if (params[key]) url.searchParams.set(key, params[key]!);
  const body = JSON.parse((await download(url.toString(), limits)).toString('utf8')) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new PullError(`${url.origin} gave no anonymous token`);
  return token;
}

interface Limits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

class HttpError extends PullError {
  constructor(
    url: string,
    readonly status: number,
    readonly challenge: string | undefined,
  ) {
    super(`${url} answered HTTP ${status}`);
  }
}

async function download(url: string, limits: Limits, headers: Record<string, string> = {}): Promise<Buffer> {
  const response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(limits.timeoutMs) });
  if (!response.ok) {
    await response.body?.cancel();
    throw new HttpError(url, response.status, response.headers.get('www-authenticate') ?? undefined);
  }
  if (Number(response.headers.get('content-length') ?? 0) > limits.maxBytes) {
    await response.body?.cancel();
    throw new PullError(`${url} is over ${limits.maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > limits.maxBytes) throw new PullError(`${url} is over ${limits.maxBytes} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** A chart archive is gzip; anything else (an HTML error page served as 200) is refused before it reaches the cache. */
function checkArchive(url: string, data: Buffer): void {
  if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) throw new PullError(`${url} is not a gzip chart archive; nothing was written`);
}

function writeArchive(path: string, data: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o644 });
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
