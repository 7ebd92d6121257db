/**
 * The HTML page's script, inlined (the page fetches nothing). It reads the graph from the inert
 * `#graph-data` JSON block and writes names only through `textContent`, never as markup. It avoids
 * `<` and `&` so the page stays well-formed XML (the output-safety test parses it as such).
 */
export const PAGE_SCRIPT = String.raw`(() => {
  const data = JSON.parse(document.getElementById('graph-data').textContent);
  const $ = (id) => document.getElementById(id);
  const clusterSelect = $('cluster');
  const search = $('search');
  const namespaceSelect = $('namespace');
  const status = $('status');
  const kindBoxes = [...document.querySelectorAll('input[name=kind]')];
  const svgs = [...document.querySelectorAll('svg.cluster')];
  let current = 0;
  let view = { x: 0, y: 0, w: 1, h: 1 };
  let matches = [];
  let matchAt = 0;
  const cluster = () => data.clusters[current];
  const svg = () => svgs[current];
  const nodeEls = () => [...svg().querySelectorAll('g.node')];
  const edgeEls = () => [...svg().querySelectorAll('g.edge')];
  const box = () => ({ w: svg().clientWidth || 1, h: svg().clientHeight || 1 });
  const setView = (v) => {
    view = v;
    svg().setAttribute('viewBox', [v.x, v.y, v.w, v.h].map((n) => Math.round(n * 10) / 10).join(' '));
  };
  // Shows the rectangle (graph units) whole, centred, at no more than maxScale pixels per unit.
  const show = (x, y, w, h, maxScale) => {
    const b = box();
    const units = Math.max(w / b.w, h / b.h, 1 / maxScale);
    setView({ x: x + w / 2 - (b.w * units) / 2, y: y + h / 2 - (b.h * units) / 2, w: b.w * units, h: b.h * units });
  };
  const fit = () => show(-20, -20, cluster().width + 40, cluster().height + 40, 2);
  const visible = (node) => {
    const ns = namespaceSelect.value;
    if (ns !== '' ? node.namespace !== ns : false) return false;
    return kindBoxes.some((b) => b.checked ? b.value === node.group : false);
  };
  const applyFilters = () => {
    const shown = cluster().nodes.map(visible);
    nodeEls().forEach((el, n) => el.classList.toggle('hidden', !shown[n]));
    edgeEls().forEach((el, e) => {
      const [from, to] = cluster().edges[e];
      el.classList.toggle('hidden', !(shown[from] ? shown[to] : false));
    });
    runSearch(false);
  };
  const centre = (n) => {
    const node = cluster().nodes[n];
    const b = box();
    const units = Math.min(view.w / b.w, 1);
    setView({ x: node.x + node.w / 2 - (b.w * units) / 2, y: node.y + node.h / 2 - (b.h * units) / 2, w: b.w * units, h: b.h * units });
  };
  const runSearch = (move) => {
    const q = search.value.trim().toLowerCase();
    const shown = cluster().nodes.map(visible);
    matches = q === '' ? [] : cluster().nodes.flatMap((node, n) => (shown[n] ? (node.kind + ' ' + node.namespace + '/' + node.name).toLowerCase().includes(q) : false) ? [n] : []);
    const set = new Set(matches);
    nodeEls().forEach((el, n) => el.classList.toggle('match', set.has(n)));
    svg().classList.toggle('searching', q !== '');
    const failed = cluster().nodes.filter((node) => node.failure !== undefined).length;
    const parts = [cluster().nodes.filter((node, n) => shown[n]).length + ' of ' + cluster().nodes.length + ' shown'];
    if (q !== '') parts.push(matches.length === 1 ? '1 match' : matches.length + ' matches');
    if (failed > 0) parts.push(failed === 1 ? '1 failed build' : failed + ' failed builds');
    status.textContent = parts.join(' · ');
    if (move ? matches.length > 0 : false) {
      matchAt = 0;
      centre(matches[0]);
    }
  };
  const selectCluster = (c) => {
    current = c;
    svgs.forEach((el, i) => el.toggleAttribute('hidden', i !== c));
    const previous = namespaceSelect.value;
    const namespaces = [...new Set(cluster().nodes.map((node) => node.namespace))].sort();
    namespaceSelect.replaceChildren();
    for (const ns of ['', ...namespaces]) {
      const option = document.createElement('option');
      option.value = ns;
      option.textContent = ns === '' ? 'all namespaces' : ns;
      namespaceSelect.append(option);
    }
    namespaceSelect.value = namespaces.includes(previous) ? previous : '';
    applyFilters();
    fit();
    runSearch(true);
  };
  if (clusterSelect) clusterSelect.addEventListener('change', () => selectCluster(Number(clusterSelect.value)));
  namespaceSelect.addEventListener('change', applyFilters);
  kindBoxes.forEach((b) => b.addEventListener('change', applyFilters));
  search.addEventListener('input', () => runSearch(true));
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || matches.length === 0) return;
    matchAt = (matchAt + 1) % matches.length;
    centre(matches[matchAt]);
  });
  $('fit').addEventListener('click', fit);
  for (const el of svgs) {
    el.addEventListener('wheel', (event) => {
      event.preventDefault();
      const b = box();
      const r = el.getBoundingClientRect();
      const px = view.x + ((event.clientX - r.left) / b.w) * view.w;
      const py = view.y + ((event.clientY - r.top) / b.h) * view.h;
      const f = Math.exp(event.deltaY * 0.0015);
      setView({ x: px - (px - view.x) * f, y: py - (py - view.y) * f, w: view.w * f, h: view.h * f });
    }, { passive: false });
    let drag = null;
    el.addEventListener('pointerdown', (event) => {
      drag = { x: event.clientX, y: event.clientY, view };
      el.setPointerCapture(event.pointerId);
    });
    el.addEventListener('pointermove', (event) => {
      if (drag === null) return;
      const units = drag.view.w / box().w;
      setView({ ...drag.view, x: drag.view.x - (event.clientX - drag.x) * units, y: drag.view.y - (event.clientY - drag.y) * units });
    });
    el.addEventListener('pointerup', () => { drag = null; });
  }
  window.addEventListener('resize', fit);
  selectCluster(0);
})();
`;
