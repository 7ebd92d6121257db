/**
 * Vendors every released coredns chart from 1.38.0 on out of a clone of github.com/coredns/helm:
 *   npx tsx scripts/vendor-coredns-chart.ts <path to the clone's git directory>
 * A release is a `coredns-<version>` tag (chart-releaser's); its chart folder is taken from the
 * tagged commit. Writes test/fixtures/charts/coredns/<version>/, LICENSE, releases.yaml, SOURCE.md.
 * Then run scripts/generate-chart-profiles.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'charts', 'coredns');
const FIRST: readonly number[] = [1, 38, 0];
const REPOSITORY = 'https://github.com/coredns/helm';

const gitDir = process.argv[2];
if (!gitDir) throw new Error('usage: vendor-coredns-chart.ts <git directory of a coredns/helm clone>');
const git = (...args: string[]): string => execFileSync('git', ['-C', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

const parts = (version: string) => version.split('.').map(Number);
const atLeast = (a: readonly number[], b: readonly number[]) => (a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!) >= 0;

/**
 * Whether the release workflow at this commit pushed the chart to ghcr.io and could: 1.38.0 added
 * `helm push` without the `packages: write` permission, so its push failed; 1.38.1 added it.
 */
function pushedToOci(commit: string): boolean {
  const workflow = git('show', `${commit}:.github/workflows/release.yaml`);
  return /helm push .*oci:\/\/ghcr\.io/.test(workflow) && /packages:\s*write/.test(workflow);
}

const releases = git('tag', '--list', 'coredns-*', '--sort=v:refname')
  .split('\n')
  .map((tag) => tag.replace(/^coredns-/, ''))
  .filter((version) => /^\d+\.\d+\.\d+$/.test(version) && atLeast(parts(version), FIRST))
  .map((version) => {
    const commit = git('rev-list', '-n', '1', `coredns-${version}`).trim();
    return { version, commit, date: git('log', '-1', '--format=%cs', commit).trim(), oci: pushedToOci(commit) };
  });

for (const { version, commit } of releases) {
  const dir = join(OUT, version);
  rmSync(dir, { recursive: true, force: true });
  const files = git('ls-tree', '-r', '--name-only', commit, 'charts/coredns/')
    .split('\n')
    .filter((path) => /^charts\/coredns\/(Chart\.yaml|values\.yaml|templates\/.+)$/.test(path));
  for (const path of files) {
    const target = join(dir, path.slice('charts/coredns/'.length));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, execFileSync('git', ['-C', gitDir, 'show', `${commit}:${path}`]));
  }
}

const newest = releases.at(-1)!;
writeFileSync(join(OUT, 'LICENSE'), git('show', `${newest.commit}:LICENSE`));
writeFileSync(join(OUT, 'releases.yaml'), `# Written by scripts/vendor-coredns-chart.ts from ${REPOSITORY}; do not edit.\n${stringify({ repository: REPOSITORY, releases })}`);
writeFileSync(
  join(OUT, 'SOURCE.md'),
  [
    '# Vendored coredns Helm chart',
    '',
    `Chart folders (Chart.yaml, values.yaml, templates/) of every \`coredns-<version>\` release tag from 1.38.0 on, copied unchanged from ${REPOSITORY} by \`scripts/vendor-coredns-chart.ts\`.`,
    "Licence: Apache License 2.0, see LICENSE (the repository's own). Test data only; nothing here is shipped.",
    '',
    '"OCI" says whether the release workflow at that commit pushed the chart to oci://ghcr.io/coredns/charts with the `packages: write` permission it needs (1.38.0 pushed without it and failed).',
    '',
    '| version | commit | date | OCI |',
    '| --- | --- | --- | --- |',
    ...releases.map((r) => `| ${r.version} | ${r.commit} | ${r.date} | ${r.oci ? 'yes' : 'no'} |`),
    '',
  ].join('\n'),
);
console.log(`vendored ${releases.length} versions, ${releases[0]!.version} to ${newest.version}`);
