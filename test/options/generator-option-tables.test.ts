// Each generator's options come from its table alone, and every prompt has an option, so a run
// in a terminal with those options given asks nothing (the non-interactive promise).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import helpers from 'yeoman-test';
import { ALERT_OPTIONS, CI_OPTIONS, CLUSTER_OPTIONS, COREDNS_OPTIONS, tablePrompts } from '../../src/generators/options/index.js';
import { CHART_VERSIONS, NEWEST_CHART_VERSION } from '../../src/model/index.js';
import type { PromptedTable } from '../../src/options/index.js';
import { registeredServices } from '../../src/services/index.js';
import { generatorPath } from '../support/package-paths.js';
import { snapshotTree, tempDir } from '../support/tree.js';
import { coreDnsOnAnswersFile, storyRepoByGenerator } from '../support/story-repo.js';
import { STORY_ANSWERS_YAML } from '../support/story.js';

type Declared = Record<string, { type?: unknown; description?: string; default?: unknown }>;

// The services with the generic front door bring their tables through the registry.
const TABLES: Readonly<Record<string, PromptedTable>> = {
  cluster: CLUSTER_OPTIONS,
  alert: ALERT_OPTIONS,
  ci: CI_OPTIONS,
  coredns: COREDNS_OPTIONS,
  ...Object.fromEntries(registeredServices().flatMap((service) => (service.frontDoor ? [[service.name, service.frontDoor.table]] : []))),
};

/** The options a generator registered with Yeoman (its constructor only; nothing runs). */
async function declared(generator: string | ReturnType<typeof helpers.createDummyGenerator>): Promise<Declared> {
  const context = helpers.create(typeof generator === 'string' ? generatorPath(generator) : generator).inDir(tempDir());
  await context.build();
  return (context.generator as unknown as { _options: Declared })._options;
}

const storyRepo = () => storyRepoByGenerator('dependsOn: []\n');

/** Runs a generator as in a terminal with `options`; returns the names of the questions it asked. */
async function askedWith(generator: string, dir: string, options: Record<string, unknown>, answers: Record<string, unknown> = {}): Promise<string[]> {
  const asked: string[] = [];
  await helpers
    .run(generatorPath(generator))
    .cd(dir)
    .withOptions({ skipInstall: true, interactive: true, ...options } as Record<string, unknown>)
    .withAnswers(answers, { callback: (answer, { question }) => (asked.push(String(question.name)), answer) });
  return asked;
}

describe('generator option tables', () => {
  for (const [name, table] of Object.entries(TABLES)) {
    test(`platform:${name} registers exactly its table's options, as the table says`, async () => {
      const yeoman = new Set(Object.keys(await declared(helpers.createDummyGenerator())));
      const options = await declared(name);
      const own = Object.fromEntries(Object.entries(options).filter(([flag]) => !yeoman.has(flag)));
      assert.deepEqual(Object.keys(own).sort(), Object.keys(table).sort());
      for (const [flag, spec] of Object.entries(table)) {
        assert.equal(own[flag]!.type, spec.type === 'boolean' ? Boolean : String, `--${flag} type`);
        assert.equal(own[flag]!.description, spec.description, `--${flag} description`);
        assert.equal(own[flag]!.default, spec.default, `--${flag} default`);
      }
    });
  }

  test('platform:cluster asks nothing in a terminal when every prompted option is given', async () => {
    const dir = await storyRepo();
    const given = { name: 'edge', serviceCidr: '10.249.0.0/16', dnsIp: '10.249.0.10', replicas: '3' };
    assert.deepEqual(
      Object.keys(given),
      tablePrompts(CLUSTER_OPTIONS, {}).map((question) => question.name),
    );
    assert.deepEqual(await askedWith('cluster', dir, given), []);
    // The control: without them the same run asks for them.
    assert.deepEqual(await askedWith('cluster', dir, { name: 'edge2', serviceCidr: '10.250.0.0/16' }), ['dnsIp', 'replicas']);
  });

  test('platform:alert asks nothing in a terminal with --preset, or with every custom-alert option', async () => {
    const dir = await storyRepo();
    assert.deepEqual(await askedWith('alert', dir, { preset: 'down' }), []);
    const custom = { name: 'CoreDNSCustom', expr: 'sum(coredns_cache_entries) < 1', for: '5m', severity: 'info', summary: 'Empty cache', description: 'No entries' };
    assert.deepEqual(
      Object.keys(custom),
      tablePrompts(ALERT_OPTIONS, {}, { only: Object.keys(custom) }).map((question) => question.name),
    );
    assert.deepEqual(await askedWith('alert', dir, custom), []);
    // The controls: without them it asks which alert, then each custom-alert option not given.
    assert.deepEqual(await askedWith('alert', dir, {}, { preset: 'down' }), ['preset']);
    const typed = { preset: '', name: 'CoreDNSOther', for: '', severity: 'info', summary: 'Few entries', description: '' };
    assert.deepEqual(await askedWith('alert', dir, { expr: 'sum(coredns_cache_entries) < 2' }, typed), ['preset', 'name', 'for', 'severity', 'summary', 'description']);
  });

  test('platform:ci asks nothing on a first run in a terminal when every prompted option is given', async () => {
    const given = { gitopsPaths: 'kubernetes', nodeVersion: '22', packageSpec: 'generator-platform', renovate: false };
    assert.deepEqual(
      Object.keys(given).sort(),
      tablePrompts(CI_OPTIONS, {})
        .map((question) => question.name)
        .sort(),
    );
    assert.deepEqual(await askedWith('ci', tempDir(), given), []);
    assert.deepEqual(await askedWith('ci', tempDir(), { nodeVersion: '22' }), ['gitopsPaths', 'packageSpec', 'renovate']);
  });
});

describe('platform:coredns prompts from the tables', () => {
  test('--reconfigure asks the --clusters question, platform:cluster questions per cluster, then the chart ones, the stored answers as defaults', async () => {
    // A chart other than the defaults (1.38.0, and oci from 1.45.0 on), so the defaults offered must be the stored ones.
    const dir = tempDir();
    writeFileSync(join(dir, 'answers.yaml'), `${STORY_ANSWERS_YAML.replace('chart: {version: 1.38.0, source: helm}', 'chart: {version: 1.45.0, source: helm}')}dependsOn: []\n`);
    await coreDnsOnAnswersFile(dir);
    const before = snapshotTree(dir);
    const asked: Array<[string, string, unknown]> = [];
    await helpers
      .run(generatorPath('coredns'))
      .cd(dir)
      .withOptions({ skipInstall: true, interactive: true, reconfigure: true } as Record<string, unknown>)
      // No answer given: each question takes its default, which the callback sees.
      .withAnswers({}, { callback: (answer, { question }) => (asked.push([String(question.name), String(question.message), answer]), answer) });
    const cluster = CLUSTER_OPTIONS;
    const coredns = COREDNS_OPTIONS;
    assert.deepEqual(asked, [
      ['clusters', coredns.clusters.prompt.message, 'infra,apps'],
      ['serviceCidr', `infra: ${cluster['service-cidr'].prompt.message}`, '10.245.0.0/16'],
      ['dnsIp', `infra: ${cluster['dns-ip'].prompt.message}`, '10.245.0.10'],
      ['replicas', `infra: ${cluster.replicas.prompt.message}`, '2'],
      ['serviceCidr', `apps: ${cluster['service-cidr'].prompt.message}`, '10.247.0.0/16'],
      ['dnsIp', `apps: ${cluster['dns-ip'].prompt.message}`, '10.247.0.10'],
      ['replicas', `apps: ${cluster.replicas.prompt.message}`, '2'],
      ['chartVersion', coredns['chart-version'].prompt.message, '1.45.0'],
      ['chartSource', coredns['chart-source'].prompt.message, 'helm'],
      ['dependsOn', coredns['depends-on'].prompt.message, ''],
    ]);
    assert.deepEqual(snapshotTree(dir), before, 'the stored answers taken again write the same bytes');
  });

  test('a first run offers the table defaults: the 10th address of the range typed, 2 replicas, oci for a version published there, cilium-core', async () => {
    const asked: Array<[string, unknown]> = [];
    await helpers
      .run(generatorPath('coredns'))
      .inDir(tempDir())
      .withOptions({ skipInstall: true, interactive: true, skipValidate: true } as Record<string, unknown>)
      .withAnswers({ clusters: 'edge', serviceCidr: '10.249.0.0/16', chartVersion: '1.45.0' }, { callback: (answer, { question }) => (asked.push([String(question.name), answer]), answer) });
    assert.deepEqual(asked, [
      ['clusters', 'edge'],
      ['serviceCidr', '10.249.0.0/16'],
      ['dnsIp', '10.249.0.10'],
      ['replicas', '2'],
      ['chartVersion', '1.45.0'],
      ['chartSource', 'oci'],
      ['dependsOn', 'cilium-core'],
    ]);
  });

  test("each chart answer is checked as it is given, by the model's rules: oci is refused at its own prompt for 1.38.0, with the reason, and the answers before it are kept", async () => {
    const dir = tempDir();
    const seen: Record<string, { validate?: unknown; choices?: unknown }> = {};
    const refusals: Record<string, unknown> = {};
    await helpers
      .run(generatorPath('coredns'))
      .cd(dir)
      .withOptions({ skipInstall: true, interactive: true, skipValidate: true } as Record<string, unknown>)
      .withAnswers(
        { clusters: 'edge', serviceCidr: '10.249.0.0/16', chartVersion: '1.38.0', chartSource: 'oci', dependsOn: '' },
        {
          callback: (answer, { question }) => {
            const q = question as { name: string; validate?: (value: unknown) => unknown; choices?: unknown };
            seen[q.name] = q;
            if (q.name === 'chartVersion') refusals.chartVersion = q.validate?.('latest');
            if (q.name === 'dependsOn') refusals.dependsOn = q.validate?.('cilium-core,Bad_Name');
            if (q.name !== 'chartSource') return answer;
            refusals.chartSource = q.validate?.('oci');
            // The user, told why, takes helm at the same prompt: nothing typed before is lost.
            return q.validate?.(answer) === true ? answer : 'helm';
          },
        },
      );
    assert.match(String(refusals.chartVersion), /^chartVersion: "latest" is not a chart version; use MAJOR\.MINOR\.PATCH/);
    assert.match(String(refusals.dependsOn), /^dependsOn: "Bad_Name" is not a Kubernetes object name/);
    assert.equal(refusals.chartSource, 'chartSource: chart 1.38.0 was never published to OCI (the first OCI release is 1.38.1); use source "helm" for 1.38.0, or version 1.38.1 or later with "oci"');
    // Inquirer's select has no validate: the refused choice is offered disabled, its reason beside it.
    assert.deepEqual(
      (seen.chartSource!.choices as Array<{ value: string; disabled?: string }>).map((choice) => [choice.value, choice.disabled]),
      [
        ['oci', `- ${String(refusals.chartSource)}`],
        ['helm', undefined],
      ],
    );
    const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-platform'].coredns;
    assert.deepEqual(stored.chart, { version: '1.38.0', source: 'helm' });
    assert.deepEqual(
      stored.clusters.map((c: { name: string; serviceCidr: string }) => [c.name, c.serviceCidr]),
      [['edge', '10.249.0.0/16']],
    );
  });
});

describe('the chart prompts, as the table makes them', () => {
  const [version, source] = tablePrompts(COREDNS_OPTIONS, {}, { only: ['chartVersion', 'chartSource'], defaults: { chartSource: 'oci' } }) as unknown as Array<{
    name: string;
    validate: (value: unknown, answers?: Record<string, unknown>) => unknown;
    default: (answers: Record<string, unknown>) => unknown;
    choices: (answers: Record<string, unknown>) => Array<{ value: string; disabled?: string }>;
  }>;

  test('the version prompt takes every catalogued version and refuses what the model refuses', () => {
    for (const { version: v } of CHART_VERSIONS) assert.equal(version!.validate(v), true, v);
    assert.equal(version!.validate(' 1.46.2 '), true, 'typed with spaces, as the generator trims it');
    for (const typed of ['1.38', 'v1.38.0', '1.38.0-rc1', '']) assert.match(String(version!.validate(typed)), /is not a chart version/, typed);
  });

  test('the source prompt: oci refused where the version never reached OCI, the default moved to helm; both offered from 1.38.1 on', () => {
    assert.match(String(source!.validate('oci', { chartVersion: '1.38.0' })), /chart 1\.38\.0 was never published to OCI/);
    assert.equal(source!.validate('helm', { chartVersion: '1.38.0' }), true);
    assert.match(String(source!.validate('git', { chartVersion: '1.38.1' })), /"git" is not a chart source/);
    assert.equal(source!.default({ chartVersion: '1.38.0' }), 'helm', "the stored 'oci' is no default for 1.38.0");
    assert.deepEqual(
      source!.choices({ chartVersion: '1.38.0' }).map((choice) => [choice.value, Boolean(choice.disabled)]),
      [
        ['oci', true],
        ['helm', false],
      ],
    );
    for (const v of ['1.38.1', NEWEST_CHART_VERSION]) {
      assert.equal(source!.validate('oci', { chartVersion: v }), true, v);
      assert.equal(source!.default({ chartVersion: v }), 'oci', v);
      assert.ok(
        source!.choices({ chartVersion: v }).every((choice) => !choice.disabled),
        v,
      );
    }
  });
});
