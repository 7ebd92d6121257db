import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { cachedChartPath } from '../../src/charts/index.js';
import { runChartsCommand } from '../../src/cli/charts-command.js';
import { Engine } from '../../src/engine/index.js';
import { ROOT } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';

/** A chart archive to serve: the shipped CoreDNS 1.39.0, which the engine can render afterwards. */
const ARCHIVE = readFileSync(join(ROOT, 'charts/coredns/1.39.0.tgz'));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const TOKEN = 'anonymous-pull-token';

/** A Helm repository (index.yaml + archives) and an OCI registry (token, manifest, blob) on 127.0.0.1 only. */
function startServer(requests: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    requests.push(req.url!);
    const { port } = server.address() as AddressInfo;
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, headers);
      res.end(body);
    };
    const manifest = JSON.stringify({ schemaVersion: 2, layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: `sha256:${sha256(ARCHIVE)}`, size: ARCHIVE.length }] });
    switch (req.url) {
      case '/helm/index.yaml':
        return send(
          200,
          stringify({
            apiVersion: 'v1',
            entries: {
              coredns: [
                { name: 'coredns', version: '1.39.0', urls: ['charts/coredns-1.39.0.tgz'], digest: sha256(ARCHIVE) },
                { name: 'coredns', version: '1.38.0', urls: ['charts/coredns-1.38.0.tgz'], digest: sha256(ARCHIVE) },
              ],
              broken: [{ name: 'broken', version: '1.0.0', urls: [`http://127.0.0.1:${port}/helm/charts/broken-1.0.0.tgz`], digest: '0'.repeat(64) }],
            },
          }),
        );
      case '/helm/charts/coredns-1.39.0.tgz':
      case '/helm/charts/broken-1.0.0.tgz':
        return send(200, ARCHIVE);
      case '/token?service=test&scope=repository%3Acharts%2Fcoredns%3Apull':
        return send(200, JSON.stringify({ token: TOKEN }));
      case '/v2/charts/coredns/manifests/1.40.0':
      case `/v2/charts/coredns/blobs/sha256:${sha256(ARCHIVE)}`:
        if (req.headers.authorization !== `Bearer ${TOKEN}`) {
          return send(401, '', { 'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="test",scope="repository:charts/coredns:pull"` });
        }
        return req.url.includes('/manifests/') ? send(200, manifest, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }) : send(200, ARCHIVE);
      default:
        return send(404, 'not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } } };
}

describe('platform-gitops charts pull', () => {
  const requests: string[] = [];
  let server: Server;
  let base: string;
  let work: string;
  let repo: string;
  let cache: string;

  before(async () => {
    server = await startServer(requests);
    const { port } = server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    work = tempDir('gp-charts-pull-');
    repo = join(work, 'repo');
    cache = join(work, 'cache');
    mkdirSync(join(repo, 'apps'), { recursive: true });
    const release = (name: string, chart: Record<string, unknown>) => ({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name, namespace: 'apps' },
      spec: { interval: '10m', ...chart },
    });
    const fromRepo = (repository: string, chart: string, version: string) => ({ chart: { spec: { chart, version, sourceRef: { kind: 'HelmRepository', name: repository } } } });
    writeFileSync(
      join(repo, 'apps', 'sources.yaml'),
      [
        { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'local', namespace: 'apps' }, spec: { url: `${base}/helm/` } },
        { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'private', namespace: 'apps' }, spec: { url: `${base}/private`, secretRef: { name: 'creds' } } },
        { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'upstream', namespace: 'apps' }, spec: { url: 'https://coredns.github.io/helm' } },
        {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'OCIRepository',
          metadata: { name: 'registry', namespace: 'apps' },
          spec: { url: `oci://127.0.0.1:${(server.address() as AddressInfo).port}/charts/coredns`, insecure: true, ref: { tag: '1.40.0' } },
        },
      ]
        .map((o) => stringify(o))
        .join('---\n'),
    );
    writeFileSync(
      join(repo, 'apps', 'releases.yaml'),
      [
        release('ranged', fromRepo('local', 'coredns', '~1.39')),
        release('exact', fromRepo('local', 'coredns', '1.39.0')),
        release('tampered', fromRepo('local', 'broken', '1.0.0')),
        release('private', fromRepo('private', 'thing', '1.0.0')),
        release('shipped', fromRepo('upstream', 'coredns', '1.38.0')),
        release('variable', fromRepo('local', 'coredns', '${CHART_VERSION}')),
        release('from-oci', { chartRef: { kind: 'OCIRepository', name: 'registry' } }),
      ]
        .map((o) => stringify(o))
        .join('---\n'),
    );
  });
  after(() => {
    server.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('pulls from the index (digest checked) and the OCI registry (token, layer digest), refuses a tampered archive, and notes what it cannot pull', async () => {
    const { out, io } = capture();
    assert.equal(await runChartsCommand(['pull', '--repo', repo, '--chart-cache', cache], io), 1, out.stderr);
    const line = (needle: string) => out.stdout.split('\n').find((l) => l.includes(needle)) ?? '';

    const fromIndex = cachedChartPath(cache, `${base}/helm`, 'coredns', '1.39.0');
    assert.deepEqual(readFileSync(fromIndex), ARCHIVE);
    assert.match(line('coredns ~1.39'), /^pulled /);
    assert.ok(line('coredns ~1.39').endsWith(fromIndex), out.stdout);

    const fromOci = cachedChartPath(cache, `oci://127.0.0.1:${(server.address() as AddressInfo).port}/charts`, 'coredns', '1.40.0');
    assert.deepEqual(readFileSync(fromOci), ARCHIVE);
    assert.match(line('OCIRepository apps/registry'), /^pulled/);

    assert.match(line('broken 1.0.0'), /^FAILED .*has sha256 [0-9a-f]{64}, but .* gives 0{64}; nothing was written/);
    assert.ok(!existsSync(cachedChartPath(cache, `${base}/helm`, 'broken', '1.0.0')));
    assert.match(line('thing 1.0.0'), /^skipped .*secretRef/);
    assert.match(line('coredns 1.38.0'), /^shipped .*charts\/coredns\/1\.38\.0\.tgz$/);
    assert.match(line('HelmRelease apps/variable'), /^note .*Flux variable/);
    // One index fetch for three releases; nothing asked of the private repository or for the shipped version.
    assert.equal(requests.filter((r) => r === '/helm/index.yaml').length, 1);
    assert.ok(!requests.some((r) => r.startsWith('/private') || r.includes('1.38.0')), requests.join(' '));
  });

  test('a second run finds everything in the cache and asks the network only for what failed', async () => {
    requests.length = 0;
    const { out, io } = capture();
    await runChartsCommand(['pull', '--repo', repo, '--chart-cache', cache], io);
    assert.match(out.stdout, /^in cache {2}coredns 1\.39\.0 /m);
    assert.match(out.stdout, /^in cache {2}coredns 1\.40\.0 from OCIRepository/m);
    assert.ok(!requests.some((r) => r.includes('/v2/')), requests.join(' '));
  });

  test('the engine renders a pulled chart from the cache', async () => {
    const engine = new Engine();
    try {
      const outcome = await engine.request('helm.template', {
        helmRelease: {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          metadata: { name: 'coredns', namespace: 'kube-system' },
          spec: { chart: { spec: { chart: 'coredns', version: '1.39.0', sourceRef: { kind: 'HelmRepository', name: 'local' } } } },
        },
        chart: cachedChartPath(cache, `${base}/helm`, 'coredns', '1.39.0'),
        chartRoots: [cache],
      });
      assert.ok(outcome.ok, outcome.ok ? '' : outcome.problem.message);
      const rendered = outcome.result as { chart: { name: string; version: string }; objects: { object: { kind: string } }[] };
      assert.deepEqual(rendered.chart, { name: 'coredns', version: '1.39.0' });
      assert.ok(rendered.objects.some((o) => o.object.kind === 'Deployment'));

      // A version nobody pulled: the engine's problem names the file and how to pull it.
      const missing = cachedChartPath(cache, `${base}/helm`, 'coredns', '1.41.0');
      const absent = await engine.request('helm.template', {
        helmRelease: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'coredns', namespace: 'kube-system' }, spec: {} },
        chart: missing,
        chartRoots: [cache],
      });
      assert.ok(!absent.ok);
      assert.equal(absent.problem.code, 'helm-chart-missing');
      assert.equal(absent.problem.file, missing);
      assert.match(absent.problem.message, /platform-gitops charts pull/);
    } finally {
      await engine.close();
    }
  });

  test('usage: a subcommand is required', async () => {
    const { out, io } = capture();
    assert.equal(await runChartsCommand([], io), 2);
    assert.match(out.stderr, /name a subcommand; the one subcommand is pull/);
    assert.equal(await runChartsCommand(['push'], io), 2);
    assert.match(out.stderr, /unknown subcommand "push"/);
    assert.equal(await runChartsCommand(['pull', '--repo', join(work, 'nowhere'), '--chart-cache', cache], io), 2);
    assert.match(out.stderr, /--repo .*nowhere is not a folder/);
  });
});
