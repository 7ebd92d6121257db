import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { generateCoreDnsRepo, type RenderedObject } from '../../src/index.js';
import { COLOURS, buildFluxGraph, formatDot, formatHtml, formatMermaid, formatSvg, runGraphCommand } from '../../src/review/index.js';
import { countColour, decodePng } from './support/png.js';
import { STORY_ANSWERS } from '../support/story.js';
import { tempDir } from '../support/tree.js';
import { assertWellFormedXml } from './support/xml-check.js';

const ks = (name: string, appliedBy?: string, dependsOn: string[] = []): RenderedObject => ({
  object: {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system' },
    spec: { path: `./apps/${name}`, dependsOn: dependsOn.map((n) => ({ name: n })) },
  },
  ...(appliedBy ? { appliedBy: `Kustomization/flux-system/${appliedBy}` } : {}),
});
const hr = (name: string, appliedBy: string, dependsOn: string[] = []): RenderedObject => ({
  object: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name, namespace: 'apps' }, spec: { dependsOn: dependsOn.map((n) => ({ name: n })) } },
  appliedBy: `Kustomization/flux-system/${appliedBy}`,
});

/** root applies a, b, c; a and b depend on each other (a cycle); c depends on "ghost" (missing); c applies web -> db. */
const FIXTURE: RenderedObject[] = [
  ks('root'),
  ks('a', 'root', ['b']),
  ks('b', 'root', ['a']),
  ks('c', 'root', ['ghost']),
  hr('web', 'c', ['db']),
  hr('db', 'c'),
  { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-a-node', namespace: 'apps' } }, appliedBy: 'Kustomization/flux-system/c' },
];
const KUSTOMIZATIONS = ['root', 'a', 'b', 'c'];

describe('platform-gitops graph', () => {
  const graph = buildFluxGraph('lab', FIXTURE);

  test('the model: applies and dependsOn edges, the cycle marked, the unresolved dependency a missing node', () => {
    assert.deepEqual(
      graph.nodes.map((n) => `${n.id}${n.missing ? ' missing' : ''}`),
      [
        'HelmRelease/apps/db',
        'HelmRelease/apps/web',
        'Kustomization/flux-system/a',
        'Kustomization/flux-system/b',
        'Kustomization/flux-system/c',
        'Kustomization/flux-system/ghost missing',
        'Kustomization/flux-system/root',
      ],
    );
    const short = (id: string) => id.split('/').pop();
    assert.deepEqual(graph.edges.map((e) => `${short(e.from)} ${e.type}${e.cycle ? '(cycle)' : ''} ${short(e.to)}`).sort(), [
      'a dependsOn(cycle) b',
      'b dependsOn(cycle) a',
      'c applies db',
      'c applies web',
      'c dependsOn ghost',
      'root applies a',
      'root applies b',
      'root applies c',
      'web dependsOn db',
    ]);
  });

  test("the model: sources from sourceRef, chart sourceRef and chartRef; build failures from this cluster's build-/path-/substitute- findings", () => {
    const withSources = buildFluxGraph(
      'lab',
      [
        { object: { ...ks('apps').object, spec: { path: './apps', sourceRef: { kind: 'GitRepository', name: 'flux-system' } } } },
        {
          object: { ...hr('web', 'apps').object, spec: { chart: { spec: { chart: 'web', sourceRef: { kind: 'HelmRepository', name: 'charts', namespace: 'flux-system' } } } } },
          appliedBy: 'Kustomization/flux-system/apps',
        },
        { object: { ...hr('db', 'apps').object, spec: { chartRef: { kind: 'OCIRepository', name: 'db' } } }, appliedBy: 'Kustomization/flux-system/apps' },
        { object: { ...hr('odd', 'apps').object, spec: { chartRef: { kind: 'ConfigMap', name: 'not-a-source' } } }, appliedBy: 'Kustomization/flux-system/apps' },
      ],
      [
        { code: 'path-missing', severity: 'error', cluster: 'lab', object: 'Kustomization/flux-system/apps', message: './apps does not exist', fix: 'x' },
        { code: 'build-failed', severity: 'error', cluster: 'other', object: 'HelmRelease/apps/web', message: 'another cluster', fix: 'x' },
        { code: 'chart-unknown-key', severity: 'error', cluster: 'lab', object: 'HelmRelease/apps/db', message: 'not a build failure', fix: 'x' },
      ],
    );
    assert.deepEqual(
      withSources.edges.filter((e) => e.type === 'source').map((e) => `${e.from} -> ${e.to}`),
      ['Kustomization/flux-system/apps -> GitRepository/flux-system/flux-system', 'HelmRelease/apps/web -> HelmRepository/flux-system/charts', 'HelmRelease/apps/db -> OCIRepository/apps/db'],
    );
    assert.deepEqual(
      withSources.nodes.filter((n) => n.failure !== undefined).map((n) => `${n.id}: ${n.failure}`),
      ['Kustomization/flux-system/apps: ./apps does not exist'],
    );
    assert.ok(withSources.nodes.every((n) => !n.missing));
    assert.match(formatMermaid([withSources]), /\[\("GitRepository<br\/>flux-system\/flux-system"\)\]:::src$/m);
    assert.match(formatMermaid([withSources]), /\["Kustomization \(build failed\)<br\/>flux-system\/apps"\]:::failed$/m);
    assert.match(formatDot([withSources]), /"lab:HelmRelease\/apps\/web" -> "lab:HelmRepository\/flux-system\/charts" \[label="source", style=dotted/);
  });

  test('Mermaid: the edges, a dashed missing node, cycle edges styled red', () => {
    const text = formatMermaid([graph]);
    assert.match(text, /^flowchart LR$/m);
    // Mermaid ids are positional; find each node's id from its label.
    const id = (kind: string, name: string) => {
      const line = text.split('\n').find((l) => l.includes(`${kind}`) && l.includes(`/${name}"`));
      assert.ok(line, `a node for ${kind} ${name}`);
      return line.trim().split(/[[(]/)[0]!;
    };
    const [a, b, c, ghost, web, db] = [
      id('Kustomization', 'a'),
      id('Kustomization', 'b'),
      id('Kustomization', 'c'),
      id('Kustomization (missing)', 'ghost'),
      id('HelmRelease', 'web'),
      id('HelmRelease', 'db'),
    ];
    const links = text
      .split('\n')
      .filter((l) => /-->|-\.->/.test(l))
      .map((l) => l.trim());
    assert.ok(links.includes(`${a} -.->|"depends on (cycle)"| ${b}`), links.join('\n'));
    assert.ok(links.includes(`${b} -.->|"depends on (cycle)"| ${a}`));
    assert.ok(links.includes(`${c} -.->|"depends on"| ${ghost}`));
    assert.ok(links.includes(`${web} -.->|"depends on"| ${db}`));
    assert.ok(links.includes(`${c} -->|"applies"| ${web}`));
    assert.match(text, new RegExp(`^    ${ghost}\\["Kustomization \\(missing\\)<br/>flux-system/ghost"\\]:::missing$`, 'm'));
    assert.match(text, /^ {2}classDef missing .*stroke-dasharray/m);
    const red = [...text.matchAll(/^ {2}linkStyle (\d+) stroke:#dc2626/gm)].map((m) => links[Number(m[1])]);
    assert.deepEqual(red.sort(), [`${a} -.->|"depends on (cycle)"| ${b}`, `${b} -.->|"depends on (cycle)"| ${a}`].sort());
  });

  test('DOT: the edges, a dashed missing node, cycle edges red', () => {
    const text = formatDot([graph]);
    const n = (id: string) => `"lab:${id}"`;
    assert.ok(
      text.includes(`  ${n('Kustomization/flux-system/a')} -> ${n('Kustomization/flux-system/b')} [label="depends on (cycle)", style=dashed, color="#dc2626", fontcolor="#dc2626", penwidth=2];`),
    );
    assert.ok(text.includes(`  ${n('Kustomization/flux-system/b')} -> ${n('Kustomization/flux-system/a')} [label="depends on (cycle)"`));
    assert.ok(text.includes(`  ${n('Kustomization/flux-system/c')} -> ${n('Kustomization/flux-system/ghost')} [label="depends on", style=dashed, color="#475569"];`));
    assert.ok(text.includes(`  ${n('Kustomization/flux-system/root')} -> ${n('Kustomization/flux-system/c')} [label="applies", color="#475569"];`));
    assert.match(text, /"lab:Kustomization\/flux-system\/ghost" \[label="Kustomization \(missing\)\\nflux-system\/ghost", .*style="rounded,dashed,filled"\];/);
    assert.equal(text.match(/ color="#dc2626", fontcolor="#dc2626"/g)?.length, 2, 'only the two cycle edges are red');
    assert.doesNotMatch(text, /not-a-node/);
  });

  test('SVG: well-formed XML, standalone, names every Kustomization, the cycle edges red', async () => {
    const svg = await formatSvg([graph]);
    assertWellFormedXml(svg);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.doesNotMatch(svg, /<script|@import|href=|url\((?!#)/, 'nothing fetched');
    for (const name of [...KUSTOMIZATIONS, 'ghost']) assert.match(svg, new RegExp(`>flux-system/${name}</text>`), name);
    assert.equal(svg.match(/class="edge dependsOn cycle"/g)?.length, 2);
    assert.equal(svg.match(/stroke-dasharray="6 4"/g)?.length, 1, 'one missing node, dashed');
    assert.throws(() => assertWellFormedXml(svg.replace('</svg>', '')), /unclosed/, 'the checker itself catches a broken document');
    const height = (text: string) => Number(/^<svg [^>]*height="(\d+)"/.exec(text)?.[1]);
    assert.ok(height(await formatSvg([buildFluxGraph('empty', []), graph])) > height(svg), 'a cluster without Flux objects still stacks the next one below it');
  });

  test('the command: formats, --output, --cluster, and usage errors', async () => {
    const dir = tempDir('gp-graph-');
    // The story's answers with story 01's dependency, which this repository alone lacks.
    generateCoreDnsRepo(dir, { ...STORY_ANSWERS, dependsOn: ['cilium-core'] });
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } };
    assert.equal(await runGraphCommand(['--repo', dir, '--cluster', 'infra'], io), 0);
    assert.match(out.join(''), /cluster infra/);
    assert.doesNotMatch(out.join(''), /cluster apps/);
    assert.match(out.join(''), /Kustomization \(missing\)<br\/>flux-system\/cilium-core/, 'the story repo alone lacks cilium-core');
    const file = join(dir, 'graph.dot');
    assert.equal(await runGraphCommand(['--repo', dir, '--format', 'dot', '--output', file], io), 0);
    assert.match(readFileSync(file, 'utf8'), /"infra:Kustomization\/flux-system\/cluster-infra-infrastructure" -> "infra:Kustomization\/flux-system\/coredns" \[label="applies"/);
    assert.equal(await runGraphCommand(['--repo', dir, '--format', 'png'], io), 2);
    assert.equal(await runGraphCommand(['--repo', dir, '--cluster', 'nope'], io), 2);
    assert.equal(await runGraphCommand(['--repo', dir, 'extra'], io), 2);
  });
});

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((bin) => spawnSync(bin, ['--version'], { stdio: 'ignore' }).status === 0);

/** Screenshots `html` in headless Chromium; returns the PNG's path. */
function screenshot(html: string, name: string): string {
  const dir = tempDir('gp-shot-');
  const page = join(dir, `${name}.html`);
  const png = join(dir, `${name}.png`);
  writeFileSync(page, html);
  const run = spawnSync(
    chromium!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'profile')}`,
      `--screenshot=${png}`,
      '--window-size=1200,800',
      '--hide-scrollbars',
      `file://${page}`,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.ok(existsSync(png), `chromium wrote no screenshot (status ${run.status}):\n${run.stderr}`);
  return png;
}

test('a browser renders the HTML page: the node colours fill the boxes, unlike a blank page', { skip: !chromium && 'no chromium on PATH (CI installs it: .ci/run)' }, async () => {
  const html = await formatHtml([buildFluxGraph('lab', FIXTURE)], 'Flux graph: lab');
  const shot = decodePng(readFileSync(screenshot(html, 'graph')));
  const blank = decodePng(readFileSync(screenshot('<!DOCTYPE html><html><body></body></html>', 'blank')));
  assert.deepEqual([shot.width, shot.height], [1200, 800]);
  // A node box is about 44 x 150 pixels; four Kustomizations and two HelmReleases are drawn.
  assert.ok(countColour(shot, COLOURS.kustomization.fill) > 4 * 3000, `Kustomization fill pixels: ${countColour(shot, COLOURS.kustomization.fill)}`);
  assert.ok(countColour(shot, COLOURS.helmRelease.fill) > 2 * 3000, `HelmRelease fill pixels: ${countColour(shot, COLOURS.helmRelease.fill)}`);
  assert.ok(countColour(shot, COLOURS.cycle) > 50, 'the red cycle edges');
  assert.equal(countColour(blank, COLOURS.kustomization.fill), 0);
  assert.notDeepEqual(shot.rgba, blank.rgba);
  if (process.env.KEEP_SCREENSHOT) writeFileSync(process.env.KEEP_SCREENSHOT, readFileSync(screenshot(html, 'keep')));
});
