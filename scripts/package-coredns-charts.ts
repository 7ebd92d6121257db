/**
 * Packages the vendored coredns chart folders (test/fixtures/charts/coredns/<version>/) into the
 * chart archives the npm package ships, charts/coredns/<version>.tgz, so the story's chart renders
 * offline. Deterministic (sorted entries, zero times and owners, gzip without a name or time), so
 * re-running it changes no byte; test/charts/bundled-charts.test.ts fails while an archive differs
 * from its folder.
 *   npx tsx scripts/package-coredns-charts.ts
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'charts', 'coredns');
const OUT = join(ROOT, 'charts', 'coredns');

const { releases } = parse(readFileSync(join(FIXTURES, 'releases.yaml'), 'utf8')) as { releases: { version: string }[] };
mkdirSync(OUT, { recursive: true });
for (const { version } of releases) {
  // The archive's top folder is the chart's name, as `helm package` makes it.
  const tar = execFileSync(
    'tar',
    [
      '--sort=name',
      '--mtime=@0',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mode=u+rw,go+r,a-st',
      '--transform',
      `s,^${version.replace(/\./g, '\\.')},coredns,`,
      '-C',
      FIXTURES,
      '-cf',
      '-',
      version,
    ],
    { maxBuffer: 1 << 26 },
  );
  writeFileSync(join(OUT, `${version}.tgz`), execFileSync('gzip', ['-n', '-9'], { input: tar, maxBuffer: 1 << 26 }));
}
copyFileSync(join(FIXTURES, 'LICENSE'), join(OUT, 'LICENSE'));
process.stdout.write(`${releases.length} archives in ${OUT}\n`);
