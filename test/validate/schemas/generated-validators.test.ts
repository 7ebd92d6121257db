import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT } from '../../support/package-paths.js';

const out = mkdtempSync(join(tmpdir(), 'crd-validators-'));
after(() => rmSync(out, { recursive: true, force: true }));

test('the committed crd-validators.generated.ts is what scripts/generate-crd-schemas.ts writes from the vendored CRDs', () => {
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'generate-crd-schemas.ts'), '--out', out], { cwd: ROOT });
  const committed = 'src/validate/schemas/crd-validators.generated.ts';
  const fresh = readFileSync(join(out, 'crd-validators.generated.ts'), 'utf8');
  assert.equal(readFileSync(join(ROOT, committed), 'utf8'), fresh, `${committed} differs from the generator's output: run npx tsx scripts/generate-crd-schemas.ts`);
});
