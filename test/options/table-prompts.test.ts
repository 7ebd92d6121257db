// tablePrompts: questions only for the options not given, validate wired to the table's field
// check (a bad value gets its message), defaults from the table or the run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PromptQuestion } from 'yeoman-generator';
import helpers from 'yeoman-test';
import { ALERT_OPTIONS, CI_OPTIONS, CLUSTER_OPTIONS, requiredOptions, tablePrompts } from '../../src/generators/options/index.js';
import { fieldChecks, parseServiceCidr } from '../../src/model/index.js';
import { generatorPath } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';
import { storyRepoByGenerator } from '../support/story-repo.js';

type Validate = (value: string, answers?: Record<string, unknown>) => string | true;
type Default = (answers: Record<string, unknown>) => unknown;

const byName = (questions: PromptQuestion[], name: string) => {
  const question = questions.find((q) => q.name === name);
  assert.ok(question, `a question ${name}`);
  return question as PromptQuestion & { validate?: Validate; default?: unknown; when?: unknown; choices?: unknown };
};

describe('tablePrompts', () => {
  test('one question per prompted option, in table order, asked only when the option was not given', () => {
    const questions = tablePrompts(CLUSTER_OPTIONS, { name: 'edge', replicas: '3' });
    assert.deepEqual(
      questions.map((q) => [q.name, q.when]),
      [
        ['name', false],
        ['serviceCidr', true],
        ['dnsIp', true],
        ['replicas', false],
      ],
    );
    // --remove and the common flags have no prompt part: never asked.
    assert.deepEqual(
      tablePrompts(ALERT_OPTIONS, {}).map((q) => q.name),
      ['preset', 'name', 'expr', 'for', 'severity', 'summary', 'description'],
    );
    assert.deepEqual(
      tablePrompts(ALERT_OPTIONS, {}, { only: ['severity', 'name'] }).map((q) => q.name),
      ['name', 'severity'],
    );
  });

  test("validate returns the field check's message for a bad value, true for a good one", () => {
    const serviceCidr = byName(tablePrompts(CLUSTER_OPTIONS, {}), 'serviceCidr').validate!;
    assert.equal(serviceCidr('10.249.0.1/16'), `serviceCidr: ${parseServiceCidr('10.249.0.1/16') as string}; e.g. 10.249.0.0/16`);
    assert.equal(serviceCidr(' 10.249.0.0/16 '), true);
    const replicas = byName(tablePrompts(CLUSTER_OPTIONS, {}), 'replicas').validate!;
    assert.equal(replicas('0'), `replicas: ${fieldChecks.replicas(0)!}; use a whole number from 1 to 100`);
    assert.equal(replicas('3'), true);
    const alertName = byName(tablePrompts(ALERT_OPTIONS, {}), 'name').validate!;
    assert.equal(alertName('Cache-Misses'), fieldChecks.alertName('Cache-Misses'));
    assert.equal(alertName('CoreDNSCacheMisses'), true);
    const expr = byName(tablePrompts(ALERT_OPTIONS, {}), 'expr').validate!;
    assert.match(String(expr('sum(rate(x[5m])')), /\^/); // the parser's message with its caret
    assert.equal(expr('sum(rate(coredns_cache_misses_total[5m])) > 1'), true);
  });

  test("a check reads earlier answers over the options given; the run's check comes after the table's", () => {
    const questions = tablePrompts(CLUSTER_OPTIONS, { serviceCidr: 'fd00:10:96::/112' }, { checks: { name: (value) => (value === 'infra' ? 'name: "infra" already exists' : undefined) } });
    const dnsIp = byName(questions, 'dnsIp');
    assert.equal((dnsIp.default as Default)({}), 'fd00:10:96::a');
    assert.equal((dnsIp.default as Default)({ serviceCidr: '10.249.0.0/16' }), '10.249.0.10');
    assert.match(String(dnsIp.validate!('10.249.0.10')), /^dnsIp: 10\.249\.0\.10 is IPv4 but serviceCidr fd00:10:96::\/112 is IPv6/);
    assert.equal(dnsIp.validate!('10.249.0.10', { serviceCidr: '10.249.0.0/16' }), true);
    const name = byName(questions, 'name').validate!;
    assert.equal(name('infra'), 'name: "infra" already exists');
    assert.equal(name('Infra'), `name: ${fieldChecks.clusterName('Infra')!}; use a DNS label such as edge`);
    assert.equal(name('edge'), true);
  });

  test("defaults: the table's, replaced by the run's; none at all leaves the key out", () => {
    assert.equal(byName(tablePrompts(CLUSTER_OPTIONS, {}), 'replicas').default, '2');
    assert.equal('default' in byName(tablePrompts(CLUSTER_OPTIONS, {}), 'name'), false);
    assert.equal(byName(tablePrompts(ALERT_OPTIONS, {}), 'severity').default, 'warning');
    const ci = tablePrompts(CI_OPTIONS, {}, { defaults: { nodeVersion: '22', renovate: false } });
    assert.equal(byName(ci, 'nodeVersion').default, '22');
    assert.equal(byName(ci, 'renovate').default, false);
    assert.equal(byName(ci, 'renovate').type, 'confirm');
  });

  test('requiredOptions: the options a run without a terminal must be given, with how to pass them', () => {
    assert.deepEqual(requiredOptions(CLUSTER_OPTIONS), [
      ['name', '--name', "the new cluster's name, e.g. --name edge"],
      ['serviceCidr', '--service-cidr', 'its Service CIDR, e.g. --service-cidr 10.249.0.0/16'],
    ]);
    assert.deepEqual(requiredOptions(ALERT_OPTIONS), []);
  });

  test('through platform:ci in yeoman-test, the questions asked carry the table message and the stored default', async () => {
    const dir = tempDir();
    const run = (answers: Record<string, unknown>) => {
      const asked: PromptQuestion[] = [];
      return helpers
        .run(generatorPath('ci'))
        .cd(dir)
        .withOptions({ skipInstall: true, interactive: true, reconfigure: true, gitopsPaths: 'kubernetes' } as Record<string, unknown>)
        .withAnswers(answers, { callback: (answer, { question }) => (asked.push(question as PromptQuestion), answer) })
        .then(() => asked);
    };
    await run({ nodeVersion: '21', packageSpec: 'generator-platform', renovate: false, shard: '3' });
    const asked = await run({});
    assert.deepEqual(
      asked.map((q) => [q.name, q.message, q.default]),
      [
        ['nodeVersion', CI_OPTIONS['node-version'].prompt.message, '21'],
        ['packageSpec', CI_OPTIONS['package-spec'].prompt.message, 'generator-platform'],
        ['shard', CI_OPTIONS.shard.prompt.message, '3'],
        ['renovate', CI_OPTIONS.renovate.prompt.message, false],
      ],
    );
    // The shard count is checked as it is typed.
    const shard = byName(asked, 'shard').validate!;
    assert.match(String(shard('0')), /"0" is not a number of validate jobs from 1 to 256/);
    assert.equal(shard(' 8 '), true);
  });

  test('through platform:cluster in yeoman-test: validate is the field check plus the clusters already there; without a terminal the required options are errors', async () => {
    const dir = await storyRepoByGenerator();
    const asked: PromptQuestion[] = [];
    await helpers
      .run(generatorPath('cluster'))
      .cd(dir)
      .withOptions({ skipInstall: true, skipValidate: true, interactive: true, serviceCidr: '10.249.0.0/16', replicas: '2' } as Record<string, unknown>)
      .withAnswers({ name: 'edge' }, { callback: (answer, { question }) => (asked.push(question as PromptQuestion), answer) });
    const name = byName(asked, 'name').validate!;
    assert.equal(name('infra'), 'name: "infra" already exists');
    assert.equal(name('Edge'), `name: ${fieldChecks.clusterName('Edge')!}; use a DNS label such as edge`);
    assert.equal(name('edge'), true);
    assert.equal(byName(asked, 'dnsIp').default, '10.249.0.10'); // from --service-cidr
    assert.match(String(byName(asked, 'dnsIp').validate!('10.245.0.10')), /^dnsIp: 10\.245\.0\.10 is not inside serviceCidr 10\.249\.0\.0\/16/);
    // Without a terminal, each required option missing is an error that says how to pass it.
    await assert.rejects(
      helpers
        .run(generatorPath('cluster'))
        .cd(dir)
        .withOptions({ skipInstall: true, interactive: false } as Record<string, unknown>),
      (error: Error) => {
        for (const [, flag, fix] of requiredOptions(CLUSTER_OPTIONS)) assert.ok(error.message.includes(`- ${flag}: is required when not running in a terminal\n    fix: pass ${fix}`), error.message);
        return true;
      },
    );
  });
});
