import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { tempDir } from '../support/tree.js';
import { type Expected, refusedByCli, refusedByGenerator, runGenerator, storyRepo } from './refusal.js';

const ESCAPE = '../../../../outside/pwn';
const SETTINGS = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cluster-settings\n  namespace: flux-system\ndata:\n  COREDNS_REPLICAS: "2"\n  COREDNS_CLUSTER_IP: "10.247.0.10"\n';

/**
 * base/checkouts/repo is the story repository whose .yo-rc.json names cluster ESCAPE;
 * kubernetes/clusters/ESCAPE resolves to base/outside/pwn, which holds a cluster-settings.yaml
 * a --remove would edit.
 */
async function poisonedRepo(): Promise<{ repo: string; outside: string }> {
  const base = tempDir();
  const repo = await storyRepo(join(base, 'checkouts', 'repo'));
  const outside = join(base, 'outside');
  mkdirSync(join(outside, 'pwn'), { recursive: true });
  writeFileSync(join(outside, 'pwn', 'cluster-settings.yaml'), SETTINGS);
  const rc = JSON.parse(readFileSync(join(repo, '.yo-rc.json'), 'utf8'));
  rc['generator-platform'].coredns.clusters[1].name = ESCAPE;
  writeFileSync(join(repo, '.yo-rc.json'), `${JSON.stringify(rc, null, 2)}\n`);
  return { repo, outside };
}

const NAMES_STORED_FIELD: Expected = {
  field: '.yo-rc.json generator-platform.coredns.clusters[1].name',
  says: /Invalid answers stored in \.yo-rc\.json[\s\S]*clusters\[1\]\.name: "\.\.\/\.\.\/\.\.\/\.\.\/outside\/pwn" is not a DNS label/,
  fix: /fix: use lowercase letters, .*, in \.yo-rc\.json \(every run reads the answers stored there\)/,
};

describe('answers stored in .yo-rc.json are checked like any other input', () => {
  test('cluster --remove of a stored name ../../../../outside/pwn stops naming .yo-rc.json and the field; outside is untouched', async () => {
    const { repo, outside } = await poisonedRepo();
    refusedByCli(repo, ['cluster', '--remove', ESCAPE], NAMES_STORED_FIELD, [outside]);
  });

  test('every other generator run (coredns, cluster --name, alert --preset) stops the same way before touching a file', async () => {
    const { repo, outside } = await poisonedRepo();
    await refusedByGenerator(repo, runGenerator('coredns', repo, {}), NAMES_STORED_FIELD, [outside]);
    await refusedByGenerator(repo, runGenerator('coredns', repo, { answers: 'answers.yaml', force: true }), NAMES_STORED_FIELD, [outside]);
    await refusedByGenerator(repo, runGenerator('cluster', repo, { name: 'edge', serviceCidr: '10.249.0.0/16' }), NAMES_STORED_FIELD, [outside]);
    await refusedByGenerator(repo, runGenerator('alert', repo, { preset: 'panics' }), NAMES_STORED_FIELD, [outside]);
  });
});
