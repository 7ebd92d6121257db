// The settings through the front doors: stored answers keep them across runs and other
// generators, and the simple ones have options.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import helpers from 'yeoman-test';
import { generatorPath } from '../support/package-paths.js';
import { snapshotTree, tempDir } from '../support/tree.js';
import { depthAnswers } from './depth-answers.js';

const run = (name: string, dir: string, options: Record<string, unknown>) =>
  helpers
    .run(generatorPath(name))
    .cd(dir)
    .withOptions({ skipInstall: true, interactive: false, skipValidate: true, ...options } as Record<string, unknown>);
const stored = (dir: string) => JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns;
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

async function depthRepo(): Promise<string> {
  const dir = tempDir();
  writeFileSync(join(dir, 'answers.yaml'), stringify(depthAnswers()));
  await run('coredns', dir, { answers: 'answers.yaml' });
  return dir;
}

describe('per-cluster settings through the generators', () => {
  test('a second run from the stored answers writes no byte', async () => {
    const dir = await depthRepo();
    const before = snapshotTree(dir);
    await run('coredns', dir, {});
    assert.deepEqual(snapshotTree(dir), before);
    assert.deepEqual(stored(dir).defaults, depthAnswers().defaults);
  });

  test("--clusters with --replicas keeps each cluster's stored settings", async () => {
    const dir = await depthRepo();
    await run('coredns', dir, { clusters: 'infra,apps,dual', replicas: '3' });
    assert.deepEqual(stored(dir).clusters[0].stubDomains, { 'corp.example': ['10.0.0.53', '10.0.0.54'] });
    assert.match(read(dir, 'kubernetes/clusters/infra/coredns-values.yaml'), /parameters: \. 10\.0\.0\.53 10\.0\.0\.54/);
    assert.match(read(dir, 'kubernetes/clusters/apps/cluster-settings.yaml'), /COREDNS_REPLICAS: "3"/);
  });

  test('platform:cluster adds a cluster that inherits the defaults, and no other cluster file changes', async () => {
    const dir = await depthRepo();
    const before = snapshotTree(dir);
    await run('cluster', dir, { name: 'edge', serviceCidr: '10.249.0.0/16' });
    const after = snapshotTree(dir);
    const changed = [...after.keys()].filter((file) => JSON.stringify(after.get(file)) !== JSON.stringify(before.get(file))).sort();
    assert.deepEqual(changed, ['.yo-rc.json', 'kubernetes/clusters/edge/cluster-settings.yaml', 'kubernetes/clusters/edge/coredns-values.yaml', 'kubernetes/clusters/edge/infrastructure.yaml']);
    const values = read(dir, 'kubernetes/clusters/edge/coredns-values.yaml');
    assert.match(values, /parameters: \. 1\.1\.1\.1 9\.9\.9\.9/);
    assert.match(values, /node-role\.kubernetes\.io\/control-plane/);
  });

  test('--forwarders and --placement set the defaults', async () => {
    const dir = tempDir();
    await run('coredns', dir, { clusters: 'infra', serviceCidrs: 'infra=10.245.0.0/16', forwarders: '1.1.1.1,8.8.8.8', placement: 'control-plane' });
    assert.deepEqual(stored(dir).defaults, { forwarders: ['1.1.1.1', '8.8.8.8'], placement: 'control-plane' });
    const values = read(dir, 'kubernetes/clusters/infra/coredns-values.yaml');
    assert.match(values, /parameters: \. 1\.1\.1\.1 8\.8\.8\.8/);
    assert.match(values, /operator: Exists\n\s+effect: NoSchedule/);
  });

  test('a bad --forwarders names the field and writes nothing', async () => {
    const dir = tempDir();
    await assert.rejects(run('coredns', dir, { clusters: 'infra', serviceCidrs: 'infra=10.245.0.0/16', forwarders: 'dns.google' }), /defaults\.forwarders\[0\]: "dns\.google" is not an IP address/);
    assert.deepEqual([...snapshotTree(dir).keys()], []);
  });
});
