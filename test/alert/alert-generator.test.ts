import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import helpers from 'yeoman-test';
import { ALERT_PRESETS } from '../../src/index.js';
import { ROOT, generatorPath } from '../support/package-paths.js';
import { STORY_ANSWERS_YAML } from '../support/story.js';
import { snapshotTree, tempDir } from '../support/tree.js';
import { storyRepoByGenerator } from '../support/story-repo.js';

const RULES = 'kubernetes/infrastructure/networking/coredns-monitoring/prometheusrule.yaml';

// No cilium-core here to depend on: the check after each run is clean, so exit codes are 0.
const storyRepo = () => storyRepoByGenerator('dependsOn: []\n');

const runAlert = (dir: string, options: Record<string, unknown>) =>
  helpers
    .run(generatorPath('alert'))
    .cd(dir)
    .withOptions({ skipInstall: true, interactive: false, force: false, ...options } as Record<string, unknown>);

/** Runs `platform-gitops alert ...` as a user would, stdin not a terminal. */
const cli = (dir: string, args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/platform-gitops.js'), 'alert', ...args], { cwd: dir, encoding: 'utf8', input: '' });

const changedFiles = (before: Map<string, unknown>, after: Map<string, unknown>) =>
  [...new Set([...before.keys(), ...after.keys()])].filter((file) => JSON.stringify(after.get(file)) !== JSON.stringify(before.get(file))).sort();

const rules = (dir: string) => parse(readFileSync(join(dir, RULES), 'utf8')).spec.groups as Array<{ name: string; rules: Array<Record<string, any>> }>;

describe('platform:alert', () => {
  test('--preset adds the catalogue rule to the coredns group, with the job selector of the repo', async () => {
    const dir = await storyRepo();
    const before = snapshotTree(dir);
    await runAlert(dir, { preset: 'panics' });
    const groups = rules(dir);
    assert.deepEqual(
      groups.map((g) => g.name),
      ['coredns'],
    );
    const panic = groups[0]!.rules.at(-1)!;
    assert.equal(panic.alert, 'CoreDNSPanics');
    assert.equal(panic.expr, 'increase(coredns_panics_total{job="coredns-metrics",namespace="kube-system"}[5m]) > 0');
    assert.equal(panic.labels.severity, 'critical');
    const after = snapshotTree(dir);
    const changed = [...after.keys()].filter((f) => JSON.stringify(after.get(f)) !== JSON.stringify(before.get(f))).sort();
    assert.deepEqual(changed, ['.yo-rc.json', RULES]);
  });

  test('adding the same alert twice changes nothing', async () => {
    const dir = await storyRepo();
    await runAlert(dir, { preset: 'forward-healthcheck-broken', group: 'coredns-forward' });
    const before = snapshotTree(dir);
    await runAlert(dir, { preset: 'forward-healthcheck-broken', group: 'coredns-forward' });
    assert.deepEqual(snapshotTree(dir), before);
  });

  test('adding the same custom alert twice changes nothing, defaults left out or given', async () => {
    const dir = await storyRepo();
    const custom = { name: 'CoreDNSCacheEntriesLow', expr: 'sum(coredns_cache_entries) < 1', summary: 'Cache is empty: {{ $value }} entries' };
    await runAlert(dir, custom);
    const before = snapshotTree(dir);
    await runAlert(dir, custom);
    await runAlert(dir, { ...custom, severity: 'warning', group: 'coredns' });
    assert.deepEqual(snapshotTree(dir), before);
    assert.equal(rules(dir)[0]!.rules.filter((rule) => rule.alert === 'CoreDNSCacheEntriesLow').length, 1);
  });

  test('a custom alert in its own group keeps free text exactly', async () => {
    const dir = await storyRepo();
    const description = 'Pod {{ $labels.pod }}: cache misses # high, see "runbook"\nsecond line';
    await runAlert(dir, {
      name: 'CoreDNSCacheMissesHigh',
      expr: 'sum(rate(coredns_cache_misses_total[5m])) > 100',
      for: '15m',
      severity: 'info',
      summary: 'Cache misses: high ({{ $value }} per second)',
      description,
      runbookUrl: 'https://runbooks.example.com/coredns#cache',
      group: 'coredns-cache',
    });
    const group = rules(dir).find((g) => g.name === 'coredns-cache')!;
    assert.deepEqual(group.rules, [
      {
        alert: 'CoreDNSCacheMissesHigh',
        expr: 'sum(rate(coredns_cache_misses_total[5m])) > 100',
        for: '15m',
        labels: { severity: 'info' },
        annotations: { summary: 'Cache misses: high ({{ $value }} per second)', description, runbook_url: 'https://runbooks.example.com/coredns#cache' },
      },
    ]);
  });

  test('asks for the alert when run in a terminal without --preset or --name', async () => {
    const dir = await storyRepo();
    await runAlert(dir, { interactive: true }).withAnswers({ preset: 'down' });
    await runAlert(dir, { interactive: true }).withAnswers({
      preset: '',
      name: 'CoreDNSCustom',
      expr: 'sum(coredns_cache_entries) < 1',
      for: '',
      severity: 'info',
      summary: 'Empty cache',
      description: '',
    });
    const added = rules(dir)[0]!.rules.slice(-2);
    assert.equal(added[0]!.expr, 'absent(up{job="coredns-metrics",namespace="kube-system"} == 1)');
    assert.deepEqual(added[1], { alert: 'CoreDNSCustom', expr: 'sum(coredns_cache_entries) < 1', labels: { severity: 'info' }, annotations: { summary: 'Empty cache' } });
  });

  test('a preset follows the job label the coredns answers set', async () => {
    const dir = await storyRepo();
    writeFileSync(join(dir, 'answers.yaml'), `${STORY_ANSWERS_YAML}alerts: {job: coredns}\n`);
    await helpers
      .run(generatorPath('coredns'))
      .cd(dir)
      .withOptions({ answers: 'answers.yaml', skipInstall: true, force: false, interactive: false } as Record<string, unknown>);
    await runAlert(dir, { preset: 'down' });
    assert.equal(rules(dir)[0]!.rules.at(-1)!.expr, 'absent(up{job="coredns",namespace="kube-system"} == 1)');
  });
});

describe('platform-gitops alert (CLI)', () => {
  test('--list prints every preset to stdout, needs no repository and writes nothing', () => {
    const dir = tempDir();
    const result = cli(dir, ['--list']);
    assert.equal(result.status, 0, result.stderr);
    for (const preset of ALERT_PRESETS) {
      assert.ok(
        result.stdout.split('\n').some((row) => row.startsWith(`${preset.name} `) && row.includes(preset.alert) && row.includes(preset.watches)),
        preset.name,
      );
    }
    assert.deepEqual([...snapshotTree(dir).keys()], []);
  });

  test('a metric CoreDNS no longer exports is a warning naming the replacement; the rule is still added', async () => {
    const dir = await storyRepo();
    const before = snapshotTree(dir);
    const result = cli(dir, ['--name', 'CoreDNSForwardSlow', '--expr', 'rate(coredns_forward_request_duration_seconds_sum[5m]) > 1']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /warning --expr: coredns_forward_request_duration_seconds_sum was removed in CoreDNS 1\.11.*use coredns_proxy_request_duration_seconds_sum\{proxy_name="forward"\}/);
    assert.deepEqual(changedFiles(before, snapshotTree(dir)), ['.yo-rc.json', RULES]);
    assert.equal(rules(dir)[0]!.rules.at(-1)!.alert, 'CoreDNSForwardSlow');
  });

  test('a syntax error exits 1 with the position and a caret line, and writes nothing', async () => {
    const dir = await storyRepo();
    const before = snapshotTree(dir);
    const result = cli(dir, ['--name', 'X', '--expr', 'sum(rate(coredns_panics_total[5m])\n  > 0']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /- --expr: PromQL syntax error: .* at line 2, column 6\n + {2}> 0\n +\^\n/);
    assert.deepEqual(snapshotTree(dir), before);
  });
});

interface BadAlert {
  readonly rule: string;
  readonly options: Record<string, unknown>;
  readonly field: string;
  readonly says: RegExp;
  readonly setup?: Record<string, unknown>;
}

const BAD: BadAlert[] = [
  { rule: 'unknown preset', options: { preset: 'nope' }, field: '--preset', says: /not a preset/ },
  { rule: 'no alert given without a terminal', options: {}, field: '--preset', says: /no alert given/ },
  { rule: 'PromQL syntax error with position', options: { name: 'X', expr: 'rate(foo[5m]' }, field: '--expr', says: /line 1, column 13/ },
  { rule: 'PromQL with ${ (Flux would substitute it)', options: { name: 'X', expr: 'up{job="${JOB}"} == 0' }, field: '--expr', says: /post-build substitution/ },
  { rule: 'custom alert without expression', options: { name: 'X' }, field: '--expr', says: /is missing/ },
  { rule: 'alert name with spaces', options: { name: 'Core DNS', expr: 'up == 0' }, field: '--name', says: /not a valid alert name/ },
  { rule: 'alert name with a line break', options: { name: 'Core\nDNS', expr: 'up == 0' }, field: '--name', says: /not a valid alert name/ },
  { rule: 'clash with a default alert', options: { name: 'CoreDNSLatencyHigh', expr: 'up == 0' }, field: '--name', says: /one of the default coredns alerts/ },
  { rule: 'clash with an added alert', options: { name: 'CoreDNSPanics', expr: 'up == 0' }, field: '--name', says: /already defined, with a different rule/, setup: { preset: 'panics' } },
  {
    rule: 'clash with an added custom alert',
    options: { name: 'CoreDNSCustom', expr: 'up == 1' },
    field: '--name',
    says: /already defined, with a different rule/,
    setup: { name: 'CoreDNSCustom', expr: 'up == 0' },
  },
  { rule: 'preset with an option that would change it', options: { preset: 'panics', severity: 'warning' }, field: '--severity', says: /cannot be combined with --preset/ },
  { rule: 'preset with a custom name', options: { preset: 'panics', name: 'MyPanics' }, field: '--name', says: /cannot be combined with --preset/ },
  { rule: 'duration not Prometheus syntax', options: { name: 'X', expr: 'up == 0', for: '5 minutes' }, field: '--for', says: /not a Prometheus duration/ },
  { rule: 'duration with a wrong unit order', options: { name: 'X', expr: 'up == 0', for: '5m1h' }, field: '--for', says: /not a Prometheus duration/ },
  { rule: 'unknown severity', options: { name: 'X', expr: 'up == 0', severity: 'page' }, field: '--severity', says: /not a known severity/ },
  { rule: 'summary with ${', options: { name: 'X', expr: 'up == 0', summary: 'cost ${AMOUNT}' }, field: '--summary', says: /post-build substitution/ },
  { rule: 'description with ${', options: { name: 'X', expr: 'up == 0', description: '${X} down' }, field: '--description', says: /post-build substitution/ },
  { rule: 'runbook URL with ${', options: { name: 'X', expr: 'up == 0', runbookUrl: 'https://runbooks.example.com/${CLUSTER}' }, field: '--runbook-url', says: /post-build substitution/ },
  { rule: 'runbook not a URL', options: { name: 'X', expr: 'up == 0', runbookUrl: 'see wiki' }, field: '--runbook-url', says: /not an http\(s\) URL/ },
  { rule: 'group not a name', options: { name: 'X', expr: 'up == 0', group: 'My Group' }, field: '--group', says: /not a Kubernetes object name/ },
  { rule: 'group with {{', options: { name: 'X', expr: 'up == 0', group: '{{x}}' }, field: '--group', says: /template syntax/ },
];

describe('platform:alert rejects bad input and leaves the tree byte-for-byte unchanged', () => {
  for (const bad of BAD) {
    test(bad.rule, async () => {
      const dir = await storyRepo();
      if (bad.setup) await runAlert(dir, bad.setup);
      const before = snapshotTree(dir);
      await assert.rejects(runAlert(dir, bad.options), (error: Error) => {
        assert.ok(error.message.includes(`- ${bad.field}:`), `names ${bad.field}:\n${error.message}`);
        assert.match(error.message, bad.says);
        assert.match(error.message, /fix: \S/);
        return true;
      });
      assert.deepEqual(snapshotTree(dir), before);
    });
  }
});
