// The html graph at the size it is for: 100 Flux Kustomizations, their HelmReleases, dependsOn
// chains, two clusters and one failed build. The layout is checked as geometry, the page in a
// real headless Chromium.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { COLOURS, type FluxGraph, formatHtml, repoGraphs } from '../../src/review/index.js';
import { type ClusterLayout, layoutCluster } from '../../src/review/graph/elk-layout.js';
import { CHROMIUM, openPage } from './graph-browser.js';
import { APPS_PER_CLUSTER, CLUSTERS, FAILED_APP, teamOf, writeLargeFluxRepo } from './graph-fixture.js';
import { countColour, decodePng } from './support/png.js';
import { sandbox } from './support/hostile.js';

const box = sandbox('gp-graph-large-');
after(() => box.cleanup());

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** True when the segment a-b passes through the inside of `b` (its border shrunk by `inset`). */
function segmentCrossesBox(a: { x: number; y: number }, c: { x: number; y: number }, b: Box, inset = 1): boolean {
  const [left, right, top, bottom] = [b.x + inset, b.x + b.width - inset, b.y + inset, b.y + b.height - inset];
  // Liang-Barsky clipping: does any part of the segment lie strictly inside the rectangle?
  let [t0, t1] = [0, 1];
  const dx = c.x - a.x;
  const dy = c.y - a.y;
  for (const [p, q] of [
    [-dx, a.x - left],
    [dx, right - a.x],
    [-dy, a.y - top],
    [dy, bottom - a.y],
  ] as const) {
    if (p === 0) {
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return false;
  }
  return true;
}

/** Every edge segment that runs through a box other than its own two ends. */
function edgesThroughBoxes(layout: ClusterLayout): string[] {
  const faults: string[] = [];
  for (const { edge, points } of layout.edges) {
    for (let i = 1; i < points.length; i++) {
      for (const placed of layout.nodes) {
        if (placed.node.id === edge.from || placed.node.id === edge.to) continue;
        if (segmentCrossesBox(points[i - 1]!, points[i]!, placed)) faults.push(`${edge.from} -> ${edge.to} crosses ${placed.node.id}`);
      }
    }
  }
  return faults;
}

describe('graph at 100 Kustomizations', () => {
  const repo = box.dir('repo');
  let graphs: FluxGraph[] = [];
  let layouts: ClusterLayout[] = [];
  before(async () => {
    writeLargeFluxRepo(repo);
    graphs = await repoGraphs(repo);
    layouts = await Promise.all(graphs.map((g) => layoutCluster(g)));
  });

  test('the model: 100 Kustomizations in two clusters, HelmReleases, sources, the failed build named with its message', () => {
    assert.deepEqual(
      graphs.map((g) => g.cluster),
      [...CLUSTERS],
    );
    const count = (g: FluxGraph, kind: string) => g.nodes.filter((n) => n.kind === kind && !n.missing).length;
    assert.equal(
      graphs.reduce((sum, g) => sum + count(g, 'Kustomization'), 0),
      100,
    );
    // The failed app's HelmRelease is never rendered: its Kustomization did not build.
    assert.deepEqual(
      graphs.map((g) => count(g, 'HelmRelease')),
      [APPS_PER_CLUSTER - 1, APPS_PER_CLUSTER],
    );
    assert.deepEqual(
      graphs.map((g) => g.nodes.filter((n) => n.kind === 'GitRepository' || n.kind === 'HelmRepository').map((n) => n.id)),
      [
        ['GitRepository/flux-system/flux-system', 'HelmRepository/flux-system/charts'],
        ['GitRepository/flux-system/flux-system', 'HelmRepository/flux-system/charts'],
      ],
    );
    const failed = graphs.map((g) => g.nodes.filter((n) => n.failure !== undefined));
    assert.deepEqual(
      failed.map((f) => f.map((n) => n.id)),
      [[`Kustomization/${teamOf(7)}/${FAILED_APP}`], []],
    );
    assert.match(failed[0]![0]!.failure!, /no-such-folder does not exist/);
    assert.ok(graphs[0]!.edges.some((e) => e.type === 'dependsOn' && e.from === `Kustomization/${teamOf(9)}/app-09` && e.to === `Kustomization/${teamOf(8)}/app-08`));
  });

  test('the layout: orthogonal edges that never run through a box, boxes apart, a canvas wider than tall but not a strip', () => {
    for (const layout of layouts) {
      const name = layout.graph.cluster;
      assert.equal(layout.nodes.length, layout.graph.nodes.length);
      assert.equal(layout.edges.length, layout.graph.edges.filter((e) => e.type !== 'source').length, `${name}: every applies and dependsOn edge drawn`);
      for (const { edge, points } of layout.edges) {
        assert.ok(points.length >= 2, `${edge.from} -> ${edge.to} routed`);
        for (let i = 1; i < points.length; i++) assert.ok(points[i]!.x === points[i - 1]!.x || points[i]!.y === points[i - 1]!.y, `${edge.from} -> ${edge.to}: segment ${i} is orthogonal`);
      }
      assert.deepEqual(edgesThroughBoxes(layout), [], name);
      for (const [i, a] of layout.nodes.entries()) {
        for (const b of layout.nodes.slice(i + 1)) {
          const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
          assert.ok(apart, `${a.node.id} overlaps ${b.node.id}`);
        }
      }
      const aspect = layout.width / layout.height;
      assert.ok(aspect > 1 / 3 && aspect < 4, `${name}: ${layout.width} x ${layout.height}`);
      assert.ok(layout.width < 4000 && layout.height < 2000, `${name}: ${layout.width} x ${layout.height}`);
    }
  });

  test('the intersection check finds a segment through a box (it can fail)', () => {
    const layout = layouts[0]!;
    const [a, b, c] = layout.nodes;
    const bogus = {
      edge: { from: a!.node.id, to: c!.node.id, type: 'applies', cycle: false },
      points: [
        { x: b!.x - 10, y: b!.y + b!.height / 2 },
        { x: b!.x + b!.width + 10, y: b!.y + b!.height / 2 },
      ],
    } as const;
    assert.deepEqual(edgesThroughBoxes({ ...layout, edges: [bogus] }), [`${a!.node.id} -> ${c!.node.id} crosses ${b!.node.id}`]);
    assert.equal(segmentCrossesBox({ x: 0, y: 0 }, { x: 0, y: 10 }, { x: 0, y: 2, width: 5, height: 5 }), false, 'running along a border is not crossing');
  });

  test('in Chromium: fit to screen, search, namespace filter, cluster selector, the failed node marked', { skip: !CHROMIUM && 'no chromium on PATH (CI installs it: .ci/run)' }, async () => {
    const html = await formatHtml(graphs, 'Flux graph: large');
    assert.ok(html.length < 2_000_000, `${html.length} bytes`);
    assert.doesNotMatch(html, /<script[^>]*\ssrc=|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'nothing fetched');
    const file = join(box.dir('page'), 'graph.html');
    writeFileSync(file, html);
    const page = await openPage(`file://${file}`, box.dir('profile'));
    try {
      // Fit to screen: every box of the first cluster inside the drawing area.
      const fitted = await page.evaluate<{ svg: Box; outside: number; nodes: number; visible: boolean[] }>(`(() => {
        document.getElementById('fit').click();
        const svgs = [...document.querySelectorAll('svg.cluster')];
        const svg = svgs[0].getBoundingClientRect();
        const rects = [...svgs[0].querySelectorAll('g.node rect')].map((r) => r.getBoundingClientRect());
        const outside = rects.filter((r) => r.left < svg.left - 0.5 || r.right > svg.right + 0.5 || r.top < svg.top - 0.5 || r.bottom > svg.bottom + 0.5).length;
        return { svg: { x: svg.x, y: svg.y, width: svg.width, height: svg.height }, outside, nodes: rects.length, visible: svgs.map((s) => getComputedStyle(s).display !== 'none') };
      })()`);
      assert.equal(fitted.nodes, graphs[0]!.nodes.length);
      assert.equal(fitted.outside, 0, 'fit to screen shows every box');
      assert.ok(fitted.svg.width >= 1100 && fitted.svg.height >= 600, `the drawing fills the window: ${JSON.stringify(fitted.svg)}`);
      assert.deepEqual(fitted.visible, [true, false], 'one cluster at a time');

      // The failed Kustomization: red, its message in the tooltip.
      const failed = await page.evaluate<{ count: number; fill: string; title: string }>(`(() => {
        const nodes = document.querySelectorAll('svg.cluster:not([hidden]) g.node.failed');
        return { count: nodes.length, fill: nodes[0].querySelector('rect').getAttribute('fill'), title: nodes[0].querySelector('title').textContent };
      })()`);
      assert.equal(failed.count, 1);
      assert.equal(failed.fill, COLOURS.failed.fill);
      assert.match(failed.title, new RegExp(`^Kustomization/${teamOf(7)}/${FAILED_APP}\\nbuild failed: .*no-such-folder does not exist`));
      const shot = decodePng(await page.screenshot());
      assert.deepEqual([shot.width, shot.height], [1200, 800]);
      assert.ok(countColour(shot, COLOURS.failed.fill) > 200, `failed-node red pixels: ${countColour(shot, COLOURS.failed.fill)}`);
      assert.ok(countColour(shot, COLOURS.kustomization.fill) > 20 * 200, 'Kustomization boxes drawn');
      writeFileSync(join(box.root, 'fit.png'), await page.screenshot());
      if (process.env.KEEP_SCREENSHOT) writeFileSync(process.env.KEEP_SCREENSHOT, await page.screenshot());

      // Wheel zooms in about the cursor; a drag pans by as many pixels as the mouse moved.
      const viewBox = () => page.evaluate<number[]>(`document.querySelector('svg.cluster:not([hidden])').getAttribute('viewBox').split(' ').map(Number)`);
      const fit = await viewBox();
      await page.mouse({ type: 'mouseWheel', x: 600, y: 450, deltaY: -400 });
      const zoomed = await viewBox();
      assert.ok(zoomed[2]! < fit[2]! * 0.7, `wheel zooms in: ${fit} -> ${zoomed}`);
      await page.mouse({ type: 'mousePressed', x: 600, y: 450, button: 'left', buttons: 1 });
      await page.mouse({ type: 'mouseMoved', x: 700, y: 500, button: 'left', buttons: 1 });
      await page.mouse({ type: 'mouseReleased', x: 700, y: 500, button: 'left', buttons: 0 });
      const panned = await viewBox();
      const unitsPerPixel = zoomed[2]! / fitted.svg.width;
      assert.ok(Math.abs(panned[0]! - (zoomed[0]! - 100 * unitsPerPixel)) < 0.5 && Math.abs(panned[1]! - (zoomed[1]! - 50 * unitsPerPixel)) < 0.5, `drag pans: ${zoomed} -> ${panned}`);
      assert.equal(panned[2], zoomed[2]);

      // Search: the matches highlighted and the first one centred.
      const searched = await page.evaluate<{ matches: string[]; status: string; centre: number[]; view: number[] }>(`(() => {
        const search = document.getElementById('search');
        search.value = 'app-33';
        search.dispatchEvent(new Event('input'));
        const svg = document.querySelector('svg.cluster:not([hidden])');
        const s = svg.getBoundingClientRect();
        const matches = [...svg.querySelectorAll('g.node.match')];
        const r = matches[0].querySelector('rect').getBoundingClientRect();
        return { matches: matches.map((m) => m.querySelector('title').textContent.split('\\n')[0]), status: document.getElementById('status').textContent,
          centre: [r.x + r.width / 2 - (s.x + s.width / 2), r.y + r.height / 2 - (s.y + s.height / 2), r.width], view: svg.getAttribute('viewBox').split(' ').map(Number) };
      })()`);
      assert.deepEqual([...searched.matches].sort(), [`HelmRelease/${teamOf(33)}/app-33`, `Kustomization/${teamOf(33)}/app-33`]);
      assert.match(searched.status, /2 matches/);
      assert.ok(Math.abs(searched.centre[0]!) < 2 && Math.abs(searched.centre[1]!) < 2, `the first match centred: ${searched.centre}`);
      const width = layouts[0]!.nodes.find((n) => n.node.id === searched.matches[0])!.width;
      assert.ok(Math.abs(searched.centre[2]! - width) < 1, `and zoomed to full size, ${width}px (shown ${searched.centre[2]}px wide)`);

      // Namespace filter: only team-b's objects remain.
      const filtered = await page.evaluate<{ shown: string[]; hidden: number }>(`(() => {
        document.getElementById('search').value = '';
        document.getElementById('search').dispatchEvent(new Event('input'));
        const select = document.getElementById('namespace');
        select.value = 'team-b';
        select.dispatchEvent(new Event('change'));
        const nodes = [...document.querySelectorAll('svg.cluster:not([hidden]) g.node')];
        return { shown: nodes.filter((n) => getComputedStyle(n).display !== 'none').map((n) => n.querySelector('title').textContent.split('\\n')[0]),
          hidden: nodes.filter((n) => getComputedStyle(n).display === 'none').length };
      })()`);
      const teamB = graphs[0]!.nodes.filter((n) => n.namespace === 'team-b').map((n) => n.id);
      assert.ok(teamB.length >= 19);
      assert.deepEqual(filtered.shown.sort(), [...teamB].sort());
      assert.equal(filtered.hidden, graphs[0]!.nodes.length - teamB.length);

      // Kind filter: HelmReleases off.
      const kinds = await page.evaluate<string[]>(`(() => {
        document.getElementById('namespace').value = '';
        document.getElementById('namespace').dispatchEvent(new Event('change'));
        const box = document.querySelector('input[name=kind][value=HelmRelease]');
        box.checked = false;
        box.dispatchEvent(new Event('change'));
        return [...new Set([...document.querySelectorAll('svg.cluster:not([hidden]) g.node')].filter((n) => getComputedStyle(n).display !== 'none').map((n) => n.querySelector('title').textContent.split('/')[0]))].sort();
      })()`);
      assert.deepEqual(kinds, ['GitRepository', 'HelmRepository', 'Kustomization']);

      // Cluster selector: the second cluster alone, with no failed build.
      const switched = await page.evaluate<{ visible: boolean[]; failed: number; nodes: number; status: string }>(`(() => {
        const select = document.getElementById('cluster');
        select.value = '1';
        select.dispatchEvent(new Event('change'));
        const svgs = [...document.querySelectorAll('svg.cluster')];
        return { visible: svgs.map((s) => getComputedStyle(s).display !== 'none'), failed: svgs[1].querySelectorAll('g.node.failed').length,
          nodes: svgs[1].querySelectorAll('g.node').length, status: document.getElementById('status').textContent };
      })()`);
      assert.deepEqual(switched.visible, [false, true]);
      assert.equal(switched.failed, 0);
      assert.equal(switched.nodes, graphs[1]!.nodes.length);
      assert.doesNotMatch(switched.status, /failed/);
    } finally {
      await page.close();
    }
  });
});
