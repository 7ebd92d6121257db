// What diff and graph print is posted where others read it (a pull-request comment, a CI log, a
// page): Secret values never appear, object names cannot inject workflow commands, markup or
// graph statements, and graph --output writes only the file asked for.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { buildFluxGraph, type DiffReport, diffRepo, formatDiff, formatDot, formatHtml, formatMermaid, formatSvg, runGraphCommand } from '../../src/review/index.js';
import { DIFF_FORMATS, generateCoreDnsRepo, type RenderedObject } from '../../src/index.js';
import { STORY_ANSWERS } from '../support/story.js';
import { commitAll, gitInit } from './support/git-repo.js';
import { sandbox } from './support/hostile.js';
import { assertWellFormedXml } from './support/xml-check.js';

const box = sandbox('gp-output-safety-');
after(() => box.cleanup());

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } } };
}

describe('Secret values in diff', () => {
  test('every format shows a changed Secret value as two different digests, never the value', async () => {
    const repo = box.dir('secret-repo');
    gitInit(repo);
    generateCoreDnsRepo(repo, { ...STORY_ANSWERS, dependsOn: [] });
    const canary = `SECRET-${Math.random().toString(36).slice(2)}`;
    const secret = (value: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: default\ntype: Opaque\nstringData:\n  password: ${value}\ndata:\n  token: ${Buffer.from(value).toString('base64')}\n`;
    writeFileSync(join(repo, 'kubernetes/clusters/apps/secret.yaml'), secret(`old-${canary}`));
    commitAll(repo, 'secret');
    writeFileSync(join(repo, 'kubernetes/clusters/apps/secret.yaml'), secret(`new-${canary}`));
    const report = await diffRepo({ repo, tempDir: box.dir('secret-tmp') });
    assert.deepEqual(
      report.clusters.map((c) => [c.name, c.path, c.changed.map((o) => `${o.kind} ${o.name}`)]),
      [['apps', 'kubernetes/clusters/apps', ['Secret db']]],
    );
    for (const format of DIFF_FORMATS) {
      const text = formatDiff(report, format);
      for (const value of [`old-${canary}`, `new-${canary}`]) {
        assert.ok(!text.includes(value), `${format}: the value`);
        assert.ok(!text.includes(Buffer.from(value).toString('base64')), `${format}: the value, base64`);
      }
      assert.ok(!text.includes(canary.slice(7)), format);
    }
    const diff = report.clusters[0]!.changed[0]!.diff;
    const digests = (key: string) => [...diff.matchAll(new RegExp(`^([-+]) {2}${key}: <redacted sha256:([0-9a-f]{8})>$`, 'gm'))].map((m) => `${m[1]}${m[2]}`);
    for (const key of ['password', 'token']) {
      const [removed, added] = digests(key);
      assert.ok(removed?.startsWith('-') && added?.startsWith('+'), `${key}:\n${diff}`);
      assert.notEqual(removed!.slice(1), added!.slice(1));
    }
  });
});

/** A report whose names and diff text carry every injection the formats must defuse. */
const HOSTILE: DiffReport = {
  base: { commit: '0'.repeat(40), label: 'HEAD (0000000)' },
  clusters: [
    {
      name: 'lab|x\n::error::cluster',
      path: 'kubernetes/clusters/lab',
      status: 'changed',
      added: [{ kind: 'ConfigMap', namespace: 'default', name: 'a\n::warning file=x,line=1::injected\n##[error]legacy\n<img src=x onerror=alert(1)>@team' }],
      removed: [],
      changed: [
        {
          kind: 'ConfigMap',
          namespace: 'default',
          name: 'b`c',
          diff: '--- a/ConfigMap/default/b\n+++ b/ConfigMap/default/b\n@@ -1 +1 @@\n-  x: 100%\n+  x: "::set-output name=a::b ##[warning]c\r::add-mask::d"\n+  y: "````\n```\n</details>"\n',
        },
      ],
    },
  ],
  unchanged: [],
};

describe('output injection', () => {
  test('--format github: no line of object text is a workflow command; %, CR, ::, ##[ escaped; data of our commands escaped', () => {
    const text = formatDiff(HOSTILE, 'github');
    const lines = text.split('\n');
    const commands = lines.filter((line) => line.trimStart().startsWith('::'));
    assert.deepEqual(
      commands.map((line) => /^::(\w+)/.exec(line)?.[1]),
      ['group', 'endgroup', 'notice'],
    );
    assert.ok(!text.includes('##['), 'no legacy command anywhere');
    assert.ok(!text.includes('\r'));
    // Our own commands carry the name escaped, on one line.
    assert.match(text, /^::group::lab\|x\\n::error::cluster: 1 added, 0 removed, 1 changed$/m);
    assert.match(text, /^\+ {2}x: ":%3Aset-output name=a:%3Ab ##%5Bwarning\]c\\r:%3Aadd-mask:%3Ad"$/m);
    assert.match(text, /^- {2}x: 100%25$/m);
  });

  test('--format markdown: fences longer than any backtick run; names are one-line code spans (no HTML, mention or table break)', () => {
    const text = formatDiff(HOSTILE, 'markdown');
    assert.match(text, /^`````diff$/m, 'the fence outruns the ```` inside');
    assert.equal(text.match(/^`````$/gm)?.length, 1);
    for (const line of text.split('\n').filter((l) => l.includes('<img'))) assert.match(line, /^- `[^`]*`$/, 'HTML only inside a code span');
    assert.ok(!/^::|^##\[/m.test(text));
    const row = text.split('\n').find((line) => line.startsWith('| `'))!;
    assert.equal(row.split(/(?<!\\)\|/).length, 7, `one row of five cells: ${row}`);
    assert.match(text, /^- `ConfigMap default\/a\\n::warning file=x,line=1::injected\\n##\[error\]legacy\\n<img src=x onerror=alert\(1\)>@team`$/m);
    assert.match(text, /^\*\*Changed\*\* ``ConfigMap default\/b`c``$/m);
    assert.match(text, /<summary>lab\|x\\n::error::cluster: 1 added/);
  });

  test('--format text: a newline in a name stays escaped on its line', () => {
    const text = formatDiff(HOSTILE, 'text');
    assert.ok(!/^::/m.test(text));
    assert.ok(!text.includes('\r'));
    assert.match(text, /^\+ ConfigMap default\/a\\n::warning/m);
    assert.match(text, /^\+ {2}x: "::set-output name=a::b ##\[warning\]c\\r::add-mask::d"$/m);
  });

  const evil = 'x"]\n  click c0n0 "javascript:alert(1)"\n  z["<script>alert(1)</script>';
  const graphs = [
    buildFluxGraph('lab\n  click c0 "javascript:alert(2)"', [
      { object: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: evil, namespace: 'flux-system' }, spec: { dependsOn: [{ name: 'a"b\\c\r\nd' }] } } },
    ] as RenderedObject[]),
  ];

  test('mermaid: a newline or quote in a name cannot start a statement (no click ... javascript:)', () => {
    const text = formatMermaid(graphs);
    for (const line of text.trimEnd().split('\n')) {
      assert.match(
        line,
        /^(flowchart LR| {2}subgraph c\d+\["[^"\n]*"\]| {4}c\d+n\d+\["[^"]*"\]:::\w+| {4}c\d+n\d+\[\["[^"]*"\]\]:::\w+| {2}end| {2}c\d+n\d+ -\.?->\|"[^"]*"\| c\d+n\d+| {2}classDef .*| {2}linkStyle .*)$/,
        line,
      );
    }
    assert.ok(!/^\s*click/m.test(text));
    assert.ok(!text.includes('<script'));
  });

  test('dot: names are single quoted strings (quote, backslash, CR/LF escaped)', () => {
    const text = formatDot(graphs);
    const body = text.split('\n').filter((line) => /^ {4}"|^ {2}"/.test(line));
    assert.equal(body.length, 3, 'two nodes and one edge');
    for (const line of body) assert.match(line, /^ +"(?:[^"\\\n]|\\.)*"(?: -> "(?:[^"\\\n]|\\.)*")? \[label="(?:[^"\\\n]|\\.)*".*\];$/, line);
    assert.ok(!text.includes('\r'));
  });

  test('svg and html: well-formed, no element or attribute from a name', async () => {
    const svg = await formatSvg(graphs);
    const html = await formatHtml(graphs);
    for (const text of [svg, html]) {
      assertWellFormedXml(text.replace(/^<!DOCTYPE html>\n/, '').replace('<meta charset="utf-8">', '<meta charset="utf-8"/>'));
      assert.ok(text.includes('&lt;script&gt;'));
    }
    assert.ok(!svg.includes('<script'));
    // The page's only scripts are its own: the inert JSON block (no "<" inside) and the constant script.
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script type="application/json" id="graph-data">', '<script>']);
    const json = /<script type="application\/json" id="graph-data">([^<]*)<\/script>/.exec(html)?.[1];
    assert.ok(json !== undefined, 'the JSON block holds no "<"');
    const names = (JSON.parse(json) as { clusters: Array<{ name: string; nodes: Array<{ name: string }> }> }).clusters.flatMap((c) => [c.name, ...c.nodes.map((n) => n.name)]);
    assert.ok(names.includes(evil) && names.includes('a"b\\c\r\nd'), 'the names come back exactly from the JSON');
  });
});

describe('graph --output', () => {
  const repo = box.dir('graph-repo');
  generateCoreDnsRepo(repo, STORY_ANSWERS);
  const out = box.dir('graph-out');
  const run = async (...args: string[]) => {
    const c = capture();
    const code = await runGraphCommand(['--repo', repo, ...args], c.io);
    return { code, out: c.out.join(''), err: c.err.join('') };
  };
  const leftovers = () => readdirSync(out).filter((name) => name.endsWith('.tmp'));

  test('a new file is written whole; an existing one only with --force', async () => {
    const file = join(out, 'graph.mmd');
    assert.equal((await run('--output', file)).code, 0);
    assert.match(readFileSync(file, 'utf8'), /^flowchart LR\n/);
    writeFileSync(file, 'mine\n');
    const refused = await run('--output', file);
    assert.equal(refused.code, 2);
    assert.equal(refused.err, `platform-gitops graph: ${file} exists; pass --force to replace it\n`);
    assert.equal(readFileSync(file, 'utf8'), 'mine\n');
    assert.equal((await run('--output', file, '--force')).code, 0);
    assert.match(readFileSync(file, 'utf8'), /^flowchart LR\n/);
    assert.deepEqual(leftovers(), []);
  });

  test('a link is refused, even with --force: the file it points to (outside) is unchanged', async () => {
    const link = join(out, 'flux-graph.html');
    symlinkSync(box.outsideFile, link);
    for (const args of [[], ['--force']]) {
      const result = await run('--format', 'html', '--output', link, ...args);
      assert.equal(result.code, 2);
      assert.match(result.err, /flux-graph\.html is a symbolic link; not written through/);
      box.assertClean([result.out, result.err]);
    }
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readlinkSync(link), box.outsideFile);
    assert.deepEqual(leftovers(), []);
  });

  test('a FIFO is refused at once (no hang), as is a folder; a missing folder is a usage error', async () => {
    const fifo = join(out, 'fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const result = await run('--output', fifo, '--force');
    assert.equal(result.code, 2);
    assert.match(result.err, /fifo is not a regular file/);
    assert.ok(lstatSync(fifo).isFIFO());
    assert.equal((await run('--output', out, '--force')).code, 2);
    const missing = await run('--output', join(out, 'no/such/graph.svg'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no\/such is not an existing folder/);
    assert.deepEqual(leftovers(), []);
  });
});
