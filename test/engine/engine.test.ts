import assert from 'node:assert/strict';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Engine, EngineError, resolveEngineBinary } from '../../src/engine/index.js';
import { ROOT } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'kustomize');
const ks = (spec: Record<string, unknown>) => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' }, spec });

describe('Engine (one long-lived process per run)', () => {
  const work = tempDir('gp-engine-');
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the binary built by engine:build is found in dist/engine', () => {
    assert.match(resolveEngineBinary(), /dist[\\/]engine[\\/][a-z0-9]+-[a-z0-9]+[\\/]platform-gitops-engine(\.exe)?$/);
  });

  test('builds a Flux Kustomization: objects with their files, problems as outcomes, many requests on one process', async () => {
    const engine = new Engine();
    try {
      const [built, missing] = await Promise.all([
        engine.build({ sourceRoot: FIXTURES, kustomization: ks({ path: './components/overlay', targetNamespace: 'demo' }) }),
        engine.build({ sourceRoot: FIXTURES, kustomization: ks({ path: './nowhere' }) }),
      ]);
      assert.ok(built.ok);
      const deployment = built.result.objects.find((o) => o.object.kind === 'Deployment');
      assert.equal(deployment?.file, 'components/base/deployment.yaml');
      assert.equal((deployment?.object.metadata as Record<string, unknown>).namespace, 'demo');
      assert.equal(built.result.generated, false);
      assert.deepEqual(missing, { ok: false, problem: { code: 'path-missing', message: 'spec.path "./nowhere" is not a directory of the source' } });
    } finally {
      await engine.close();
    }
  });

  test('a request after close starts a new engine; close twice is fine', async () => {
    const engine = new Engine();
    await engine.close();
    const outcome = await engine.request('ping', {});
    assert.deepEqual(outcome, { ok: true, result: { pong: true } });
    await engine.close();
    await engine.close();
  });

  test('an engine of another protocol version is refused', async () => {
    const fake = join(work, 'old-engine');
    writeFileSync(fake, '#!/bin/sh\necho \'{"protocol":99,"engine":"old"}\'\nexec cat >/dev/null\n');
    chmodSync(fake, 0o755);
    const engine = new Engine({ binary: fake });
    await assert.rejects(engine.request('ping', {}), (error: unknown) => error instanceof EngineError && error.code === 'engine-protocol' && /protocol 99/.test(error.message));
    await engine.close();
  });

  test('a binary that does not start is an EngineError naming it', async () => {
    const engine = new Engine({ binary: join(work, 'absent') });
    await assert.rejects(engine.request('ping', {}), (error: unknown) => error instanceof EngineError && error.message.includes(join(work, 'absent')));
    await engine.close();
  });

  test('an unknown operation is a protocol problem, not a dead engine', async () => {
    const engine = new Engine();
    try {
      const outcome = await engine.request('nope', {});
      assert.ok(!outcome.ok && outcome.problem.code === 'engine-protocol');
      assert.ok((await engine.request('ping', {})).ok);
    } finally {
      await engine.close();
    }
  });
});
