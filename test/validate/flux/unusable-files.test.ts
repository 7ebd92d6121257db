// Files validate cannot use: one the user running it may not read, and a YAML alias bomb. Each
// is a finding naming the file, never a crash (test/workspace/unusable-files.test.ts runs the
// commands, diff and the generator included).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { type Finding, validateRepo } from '../../../src/index.js';
import { ROOT } from '../../support/package-paths.js';
import { brief, copyRepo } from './fixture-repos.js';

const JELLYFIN = 'kubernetes/apps/media/jellyfin/app/helmrelease.yaml';

/** A map whose aliases double `levels` times: 2^levels strings once expanded. */
const bomb = (levels: number) => `bomb:\n  a0: &a0 [x, x]\n${Array.from({ length: levels }, (_, i) => `  a${i + 1}: &a${i + 1} [*a${i}, *a${i}]\n`).join('')}`;
const plant = (repo: string, file: string, levels: number) => writeFileSync(join(repo, file), `${readFileSync(join(repo, file), 'utf8').trimEnd()}\n${bomb(levels)}`);
const only = (findings: readonly Finding[], code: string) => findings.filter((f) => f.code === code).map(brief);

describe('files validate cannot use', () => {
  test('yaml-aliases-excessive: a bomb in a built manifest (2^40 expanded) and in the entry folder are findings naming each, in seconds', async () => {
    const repo = copyRepo('home-ops');
    plant(repo, JELLYFIN, 40);
    const report = await validateRepo({ repo });
    assert.deepEqual(only(report.findings, 'yaml-aliases-excessive'), [{ code: 'yaml-aliases-excessive', severity: 'error', file: JELLYFIN }]);
    assert.ok(report.clusters[0]!.objects > 0, 'the builds that do not read it still render');
    const entry = copyRepo('home-ops');
    writeFileSync(join(entry, 'kubernetes/flux/cluster/extra.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n${bomb(30)}`);
    assert.deepEqual(only((await validateRepo({ repo: entry })).findings, 'yaml-aliases-excessive'), [
      { code: 'yaml-aliases-excessive', severity: 'error', file: 'kubernetes/flux/cluster/extra.yaml' },
    ]);
  });

  test('file-unreadable: a manifest the user cannot read is an error naming it; one only discovery met is a warning', (t) => {
    if (process.getuid?.() !== 0) return t.skip('needs root to switch to an unprivileged user');
    if (spawnSync('setpriv', ['--version']).status !== 0) return t.skip('no setpriv on this system');
    const repo = copyRepo('home-ops');
    for (let dir = repo; dir !== '/'; dir = dirname(dir)) if (dir.startsWith('/tmp/')) chmodSync(dir, 0o755);
    writeFileSync(join(repo, 'notes.yaml'), 'notes: mine\n');
    execFileSync('chown', ['-R', '65534:65534', repo]);
    for (const file of [JELLYFIN, 'notes.yaml']) chmodSync(join(repo, file), 0o000);
    const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(ROOT, 'bin/platform-gitops.js'), 'validate', '--format', 'json'], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, HOME: '/nonexistent' },
      timeout: 120_000,
    });
    assert.equal(result.status, 1, result.stderr);
    const findings = (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
    assert.deepEqual(only(findings, 'file-unreadable'), [
      { code: 'file-unreadable', severity: 'warning', file: 'notes.yaml' },
      { code: 'file-unreadable', severity: 'error', file: JELLYFIN },
    ]);
  });
});
