import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { Engine } from '../../src/engine/index.js';
import { KUBECTL_ON_PATH } from '../support/kubectl.js';
import { ROOT } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';

type Obj = Record<string, unknown>;
const key = (o: Obj): string => {
  const md = (o.metadata ?? {}) as Obj;
  return `${String(o.kind)}/${String(md.namespace ?? '')}/${String(md.name ?? '')}`;
};
const sorted = (objects: Obj[]): Obj[] => [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Every folder below a fixture root, the root included, source-relative. */
function folders(root: string, dir = root): string[] {
  const out = [relative(root, dir) || '.'];
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) out.push(...folders(root, join(dir, entry.name)));
  return out;
}

/** Real kustomize's build of `dir`, or its error. */
function kubectl(dir: string): { objects: Obj[] } | { error: string } {
  try {
    const out = execFileSync('kubectl', ['kustomize', '--load-restrictor=LoadRestrictionsNone', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return {
      objects: parseAllDocuments(out)
        .map((d) => d.toJS() as Obj | null)
        .filter((o): o is Obj => o !== null),
    };
  } catch (error) {
    return { error: String((error as { stderr?: string }).stderr ?? error) };
  }
}

const skip = !KUBECTL_ON_PATH && 'kubectl is not on PATH: real kustomize is the oracle of this test';

describe('the engine builds what real kustomize builds, for the kustomization Flux generates', { skip }, () => {
  const engine = new Engine();
  const work = tempDir('gp-engine-parity-');
  after(async () => {
    await engine.close();
    rmSync(work, { recursive: true, force: true });
  });
  for (const fixture of ['kustomize', 'transformers']) {
    const source = join(ROOT, 'test', 'fixtures', fixture);
    const cases = folders(source);
    test(`${fixture}: there are folders to compare`, () => assert.ok(cases.length >= 5));
    for (const folder of cases) {
      test(`${fixture}/${folder}`, async () => {
        const kustomization = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'parity', namespace: 'flux-system' }, spec: { path: folder } };
        const outcome = await engine.build({ sourceRoot: source, kustomization });
        // The oracle builds a copy holding the kustomization.yaml Flux's generator produced.
        const copy = join(work, `${fixture}-${folder.replaceAll('/', '_')}`);
        cpSync(source, copy, { recursive: true });
        if (outcome.ok) writeFileSync(join(copy, folder, outcome.result.generated ? 'kustomization.yaml' : existingName(join(copy, folder))), outcome.result.kustomization);
        const expected = kubectl(join(copy, folder));
        rmSync(copy, { recursive: true, force: true });
        if (!outcome.ok) {
          assert.ok('error' in expected, `the engine failed (${outcome.problem.code}: ${outcome.problem.message}) where kustomize built it`);
          return;
        }
        assert.ok('objects' in expected, `kustomize failed where the engine built it: ${'error' in expected ? expected.error : ''}`);
        const actual = sorted(outcome.result.objects.map((o) => o.object));
        const want = sorted(expected.objects);
        assert.deepEqual(actual.map(key), want.map(key));
        for (let i = 0; i < want.length; i++) assert.deepEqual(actual[i], want[i], key(want[i]!));
      });
    }
  }
});

function existingName(dir: string): string {
  const names = readdirSync(dir);
  return ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].find((n) => names.includes(n)) ?? 'kustomization.yaml';
}
