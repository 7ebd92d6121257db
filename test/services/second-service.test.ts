// The seam's proof: a tiny second service (test-only) added the way docs/architecture.md says,
// through the public API alone, and run by the same runner, writer and validator as CoreDNS.
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { type PlatformService, InputError, YO_RC_NAMESPACE, findService, generateCoreDnsRepo, registerService, registeredServices, renderTemplate, runService, validateRepo } from '../../src/index.js';
import { ROOT } from '../support/package-paths.js';
import { STORY_ANSWERS } from '../support/story.js';
import { tempDir } from '../support/tree.js';

// Recipe step 1: the answers schema and the resolved model.
const echoAnswers = z.strictObject({ message: z.string().min(1) });
interface EchoConfig {
  readonly message: string;
  readonly clusters: ReadonlyArray<{ readonly name: string; readonly serviceCidr: string }>;
}

// Recipe step 2: a template per owned file, its path mirroring the output path.
const TEMPLATES = join(ROOT, 'test/fixtures/services/echo/templates');
const echoFile = (cluster: { name: string; serviceCidr: string }, message: string) => {
  const path = `kubernetes/clusters/${cluster.name}/echo.yaml`;
  return { path, role: 'owned' as const, contents: renderTemplate('echo/kubernetes/clusters/[cluster]/echo.yaml.ejs', { message, serviceCidr: cluster.serviceCidr }, TEMPLATES) };
};

// Recipe step 3: the service, reading the clusters from the repository model.
const ECHO: PlatformService<EchoConfig> = {
  name: 'echo',
  summary: 'test-only: one ConfigMap per cluster',
  resolve(answers, repository) {
    const parsed = echoAnswers.safeParse(answers);
    if (!parsed.success) throw new InputError([{ code: 'answers-wrong-type', path: 'message', message: 'is missing or empty', fix: 'give a message' }]);
    if (repository.clusters.length === 0)
      throw new InputError([{ code: 'stored-answers-missing', path: 'clusters', message: 'the repository has no clusters', fix: 'run platform-gitops coredns first' }]);
    return { message: parsed.data.message, clusters: repository.clusters };
  },
  toStored: (config) => ({ message: config.message }),
  ownedFiles: (config) => config.clusters.map((cluster) => echoFile(cluster, config.message)),
  plan: (config) => ({ files: config.clusters.map((cluster) => echoFile(cluster, config.message)), notes: [] }),
};
// Recipe step 4: register it.
registerService(ECHO);

test('a second service registers beside coredns and is found by name', async () => {
  assert.deepEqual(
    registeredServices().map((s) => s.name),
    ['coredns', 'ci', 'metrics-server', 'echo'],
  );
  assert.equal(findService('echo'), ECHO);
  assert.throws(() => registerService(ECHO), /already registered/);
});

test('the runner writes its files for every cluster of the repository, stores its answers beside coredns, and validate sees them', async () => {
  const dir = tempDir('gp-echo-');
  generateCoreDnsRepo(dir, STORY_ANSWERS);
  // generateCoreDnsRepo stores nothing: record the clusters the way the generators do.
  runService(findService('coredns')!, { root: dir, answers: () => STORY_ANSWERS, policy: 'force' });
  const first = runService(ECHO, { root: dir, answers: () => ({ message: 'hello' }) });
  assert.deepEqual(
    first.statuses.map((s) => `${s.status} ${s.path}`),
    ['create kubernetes/clusters/infra/echo.yaml', 'create kubernetes/clusters/apps/echo.yaml', 'update .yo-rc.json'],
  );
  assert.match(readFileSync(join(dir, 'kubernetes/clusters/apps/echo.yaml'), 'utf8'), /serviceCidr: 10\.247\.0\.0\/16/);
  const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))[YO_RC_NAMESPACE];
  assert.deepEqual(Object.keys(stored), ['coredns', 'echo']);
  assert.deepEqual(stored.echo, { message: 'hello' });

  // A re-run writes no byte.
  const mtime = statSync(join(dir, '.yo-rc.json')).mtimeMs;
  const again = runService(ECHO, { root: dir, answers: (before) => before });
  assert.ok(again.statuses.every((s) => s.status === 'identical'));
  assert.equal(statSync(join(dir, '.yo-rc.json')).mtimeMs, mtime);

  // The cluster's own sync applies the new ConfigMap: validate counts it, and finds no error in it.
  const report = await validateRepo({ repo: dir, cluster: 'infra' });
  assert.equal(report.clusters[0]!.rendered!.filter(({ object }) => object.kind === 'ConfigMap' && object.metadata?.name === 'echo').length, 1);
});

test("a hand edit of the second service's owned file stops a run that would change it, as for coredns", async () => {
  const dir = tempDir('gp-echo-');
  generateCoreDnsRepo(dir, STORY_ANSWERS);
  runService(findService('coredns')!, { root: dir, answers: () => STORY_ANSWERS, policy: 'force' });
  runService(ECHO, { root: dir, answers: () => ({ message: 'hello' }) });
  const file = join(dir, 'kubernetes/clusters/infra/echo.yaml');
  const edited = readFileSync(file, 'utf8').replace('hello', 'edited by hand');
  writeFileSync(file, edited);
  assert.throws(() => runService(ECHO, { root: dir, answers: () => ({ message: 'bye' }) }), /edited by hand/);
  assert.equal(readFileSync(file, 'utf8'), edited);
  // Its previous rendering is recognised: the other cluster's file (untouched) would update.
  const dry = runService(ECHO, { root: dir, answers: () => ({ message: 'bye' }), policy: 'keep', dryRun: true });
  assert.deepEqual(
    dry.changes.map((c) => c.path),
    ['kubernetes/clusters/apps/echo.yaml', '.yo-rc.json'],
  );
});
