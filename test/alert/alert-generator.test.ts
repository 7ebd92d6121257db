import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import helpers from 'yeoman-test';
import { generatorPath } from '../support/package-paths.js';
import { STORY_ANSWERS_YAML } from '../support/story.js';
import { snapshotTree, tempDir } from '../support/tree.js';

const RULES = 'kubernetes/infrastructure/networking/coredns/prometheusrule.yaml';

async function storyRepo(): Promise<string> {
  const dir = tempDir();
  writeFileSync(join(dir, 'answers.yaml'), STORY_ANSWERS_YAML);
  await helpers.run(generatorPath('coredns')).cd(dir).withOptions({ answers: 'answers.yaml', skipInstall: true } as Record<string, unknown>);
  return dir;
}

const runAlert = (dir: string, options: Record<string, unknown>) =>
  helpers.run(generatorPath('alert')).cd(dir).withOptions({ skipInstall: true, interactive: false, force: false, ...options } as Record<string, unknown>);

const rules = (dir: string) => parse(readFileSync(join(dir, RULES), 'utf8')).spec.groups as Array<{ name: string; rules: Array<Record<string, any>> }>;

describe('platform:alert', () => {
  test('--preset adds the catalogue rule to the coredns group, with the job selector of the repo', async () => {
    const dir = await storyRepo();
    const before = snapshotTree(dir);
    await runAlert(dir, { preset: 'panics' });
    const groups = rules(dir);
    assert.deepEqual(groups.map((g) => g.name), ['coredns']);
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

  test('a custom alert in its own group keeps free text exactly', async () => {
    const dir = await storyRepo();
    const description = 'Pod {{ $labels.pod }}: cache misses # high, see "runbook"\nsecond line';
    await runAlert(dir, {
      name: 'CoreDNSCacheMissesHigh',
      expr: 'sum(rate(coredns_cache_misses_total[5m])) > 100',
      for: '15m',
      severity: 'info',
      summary: 'Cache misses: high',
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
        annotations: { summary: 'Cache misses: high', description, runbook_url: 'https://runbooks.example.com/coredns#cache' },
      },
    ]);
  });

  test('a preset follows the job label the coredns answers set', async () => {
    const dir = await storyRepo();
    writeFileSync(join(dir, 'answers.yaml'), `${STORY_ANSWERS_YAML}alerts: {job: coredns}\n`);
    await helpers.run(generatorPath('coredns')).cd(dir).withOptions({ answers: 'answers.yaml', skipInstall: true, force: false, interactive: false } as Record<string, unknown>);
    await runAlert(dir, { preset: 'down' });
    assert.equal(rules(dir)[0]!.rules.at(-1)!.expr, 'absent(up{job="coredns",namespace="kube-system"} == 1)');
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
  { rule: 'duration not Prometheus syntax', options: { name: 'X', expr: 'up == 0', for: '5 minutes' }, field: '--for', says: /not a Prometheus duration/ },
  { rule: 'duration with a wrong unit order', options: { name: 'X', expr: 'up == 0', for: '5m1h' }, field: '--for', says: /not a Prometheus duration/ },
  { rule: 'unknown severity', options: { name: 'X', expr: 'up == 0', severity: 'page' }, field: '--severity', says: /not a known severity/ },
  { rule: 'summary with ${', options: { name: 'X', expr: 'up == 0', summary: 'cost ${AMOUNT}' }, field: '--summary', says: /post-build substitution/ },
  { rule: 'description with ${', options: { name: 'X', expr: 'up == 0', description: '${X} down' }, field: '--description', says: /post-build substitution/ },
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
