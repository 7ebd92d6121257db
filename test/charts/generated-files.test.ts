import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT } from '../support/package-paths.js';

const out = mkdtempSync(join(tmpdir(), 'chart-profiles-'));
after(() => rmSync(out, { recursive: true, force: true }));

/** The files every service's chart-profile.json asks the generator for. */
function committedFiles(): string[] {
  const services = join(ROOT, 'src', 'services');
  return readdirSync(services)
    .filter((name) => existsSync(join(services, name, 'chart-profile.json')))
    .flatMap((name) => {
      const { output, catalogue } = JSON.parse(readFileSync(join(services, name, 'chart-profile.json'), 'utf8')) as { output: string; catalogue?: string };
      return catalogue ? [catalogue, output] : [output];
    });
}

test('the committed generated files are what scripts/generate-chart-profiles.ts writes from the vendored charts', () => {
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'generate-chart-profiles.ts'), '--out', out], { cwd: ROOT });
  const committed = committedFiles();
  assert.ok(committed.includes('src/model/charts/coredns-profiles.generated.ts') && committed.includes('src/services/metrics-server/metrics-server-profiles.generated.ts'));
  assert.deepEqual(readdirSync(out).sort(), committed.map((file) => file.split('/').at(-1)!).sort(), 'the generator writes one file per descriptor entry');
  for (const file of committed) {
    const fresh = readFileSync(join(out, file.split('/').at(-1)!), 'utf8');
    assert.equal(readFileSync(join(ROOT, file), 'utf8'), fresh, `${file} differs from the generator's output: run npx projen generate:charts`);
  }
});
