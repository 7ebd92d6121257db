import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT } from '../support/package-paths.js';

const out = mkdtempSync(join(tmpdir(), 'chart-profiles-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('the committed generated files are what scripts/generate-chart-profiles.ts writes from the vendored charts', () => {
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'generate-chart-profiles.ts'), '--out', out], { cwd: ROOT });
  for (const committed of ['src/model/chart-versions.generated.ts', 'src/model/charts/coredns-profiles.generated.ts']) {
    const fresh = readFileSync(join(out, committed.split('/').at(-1)!), 'utf8');
    assert.equal(readFileSync(join(ROOT, committed), 'utf8'), fresh, `${committed} differs from the generator's output: run npx tsx scripts/generate-chart-profiles.ts`);
  }
});
