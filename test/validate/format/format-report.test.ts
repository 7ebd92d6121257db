import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { type ReportFormat, type ValidationReport, formatReport, validateRepo } from '../../../src/index.js';
import { ROOT } from '../../support/package-paths.js';
import { STORY_ANSWERS } from '../../support/story.js';
import { edit, generatedRepo } from '../repo-support.js';

const GOLDEN = join(ROOT, 'test', 'validate', 'format', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const RELEASE = 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml';
const RULE = 'kubernetes/infrastructure/networking/coredns-monitoring/prometheusrule.yaml';

/**
 * The story repo with faults of every kind the formats show: one shared by both clusters
 * (merged into one annotation), one cluster's own, a multi-line message (PromQL caret), a
 * warning, and a note (apps' Service CIDR is not recorded).
 */
function faultyRepo(): string {
  const dir = generatedRepo(STORY_ANSWERS.clusters.filter((c) => c.name === 'infra'));
  const replace = (file: string, from: string, to: string) => edit(dir, file, (text) => text.replace(from, to));
  replace(RELEASE, '    prometheus:\n', '    serviceMonitor:\n      enabled: true\n    prometheus:\n');
  replace(RULE, 'expr: sum(up{', 'expr: sum(up{{');
  replace(RULE, 'coredns_dns_request_duration_seconds_bucket', 'coredns_forward_request_duration_seconds_bucket');
  replace('kubernetes/clusters/infra/cluster-settings.yaml', 'COREDNS_REPLICAS: "2"', 'COREDNS_REPLICAS: "1"');
  return dir;
}

function assertGolden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `matches test/validate/format/golden/${name} (UPDATE_GOLDEN=1 rewrites it)`);
}

/** The 1-based line of the first line of `file` containing `text`. */
const lineOf = (dir: string, file: string, text: string) =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text)) + 1;

describe('report formats', () => {
  const dir = faultyRepo();
  let report: ValidationReport;
  before(async () => {
    report = await validateRepo({ repo: dir });
  });

  for (const [format, name] of [
    ['github', 'story-faults.github.txt'],
    ['markdown', 'story-faults.md'],
    ['text', 'story-faults.txt'],
  ] as const) {
    test(`${format} matches its golden file`, async () => assertGolden(name, formatReport(report, format)));
  }

  test("github: annotations point at the line of the finding's path in the object's file", async () => {
    const lines = formatReport(report, 'github').trimEnd().split('\n');
    const annotation = (title: string) => lines.filter((l) => l.includes(`title=${title}::`));
    assert.equal(annotation('chart-unknown-key').length, 1, 'one annotation for a finding both clusters share');
    assert.match(
      annotation('chart-unknown-key')[0]!,
      new RegExp(
        `^::error file=${RELEASE},line=${lineOf(dir, RELEASE, 'serviceMonitor:')},title=chart-unknown-key::\\[apps, infra\\] HelmRelease/kube-system/coredns spec\\.values\\.serviceMonitor: `,
      ),
    );
    assert.match(annotation('promql-syntax')[0]!, new RegExp(`line=${lineOf(dir, RULE, 'expr: sum(up{{')},.*%0A.*\\^`), 'the caret line, escaped');
    // pdb-blocks-eviction's path is the key in the HelmRelease, not in cluster-settings.yaml.
    assert.match(annotation('pdb-blocks-eviction')[0]!, new RegExp(`^::error file=${RELEASE},line=${lineOf(dir, RELEASE, 'podDisruptionBudget:')},`));
    assert.match(annotation('promql-unknown-metric')[0]!, /^::warning /);
    assert.match(annotation('service-cidr-unknown')[0]!, /^::notice title=service-cidr-unknown::\[apps\]: the Service CIDR/);
    assert.ok(lines.every((l) => /^::(error|warning|notice) /.test(l) && !l.includes('\n')));
  });

  test('github: a path the file does not spell out points at its nearest written parent; no line for a file that is gone', async () => {
    const finding = {
      code: 'pss-seccomp',
      severity: 'error',
      cluster: 'infra',
      file: RELEASE,
      object: 'HelmRelease/kube-system/coredns',
      path: 'spec.values.podSecurityContext.seccompProfile.type',
      message: 'm',
      fix: 'f',
    } as const;
    const synthetic: ValidationReport = {
      repo: dir,
      clusters: [],
      findings: [finding, { ...finding, file: 'missing.yaml' }, { ...finding, object: 'HelmRelease/kube-system/other' }],
      errors: 3,
      warnings: 0,
    };
    assert.deepEqual(
      formatReport(synthetic, 'github')
        .trimEnd()
        .split('\n')
        .map((l) => /file=[^,:]+(,line=\d+)?/.exec(l)?.[0]),
      [
        `file=${RELEASE},line=${lineOf(dir, RELEASE, 'type: RuntimeDefault')}`,
        // A name the file does not spell (substituted, prefixed): its only document is the object.
        `file=${RELEASE},line=${lineOf(dir, RELEASE, 'type: RuntimeDefault')}`,
        'file=missing.yaml',
      ],
    );
  });

  test('github: properties and data are escaped as workflow commands require', async () => {
    const synthetic: ValidationReport = {
      repo: dir,
      clusters: [],
      errors: 1,
      warnings: 0,
      findings: [{ code: 'no-clusters', severity: 'error', file: 'a,b:c.yaml', message: '100% broken\r\nreally', fix: 'x' }],
    };
    assert.equal(formatReport(synthetic, 'github'), '::error file=a%2Cb%3Ac.yaml,title=no-clusters::100%25 broken%0D%0Areally%0Afix: x\n');
  });

  test('markdown: repository-wide findings get their own section; pipes in cells are escaped', async () => {
    const synthetic: ValidationReport = {
      repo: dir,
      errors: 1,
      warnings: 0,
      clusters: [{ name: 'infra', kustomizations: [], objects: 0, helmReleases: [{ name: 'a|b', namespace: 'ns', chart: 'c', version: '1' }] }],
      findings: [{ code: 'cluster-unknown', severity: 'error', message: 'no cluster "x"', fix: 'name one' }],
    };
    const text = formatReport(synthetic, 'markdown');
    assert.match(text, /### Repository\n\n- :x: \*\*error\*\* `cluster-unknown`: no cluster "x"\n {2}fix: name one\n/);
    assert.match(text, /\| ns\/a\\\|b \| c \| 1 \| - \| - \|/);
    assert.match(text, /### Cluster `infra`\n\n[^#]*No findings\./);
  });

  test('markdown and github print the same report the same way whatever the finding order', async () => {
    const shuffled: ValidationReport = { ...report, findings: [...report.findings].reverse() };
    for (const format of ['markdown', 'github'] as ReportFormat[]) assert.equal(formatReport(shuffled, format), formatReport(report, format), format);
  });

  test('json is the report itself: its fields, without the rendered objects', async () => {
    const parsed = JSON.parse(formatReport(report, 'json'));
    assert.deepEqual(Object.keys(parsed), ['repo', 'clusters', 'findings', 'errors', 'warnings']);
    assert.deepEqual(Object.keys(parsed.clusters[0]), ['name', 'path', 'kustomizations', 'objects', 'helmReleases']);
    assert.deepEqual(parsed.findings, JSON.parse(JSON.stringify(report.findings)));
  });
});
