import { posix } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import type { CoreDnsConfig } from '../model/coredns-config.js';
import { editConfigMapData, ensureKustomizationResources } from '../../../edit/index.js';
import { type Layout, clusterEntryDir, ksPlacements, manifestDir, resolveLayout } from '../../../layout/layout.js';
import { findCoreDnsReleases, foreignCoreDnsError } from './find-coredns-releases.js';
import { findRepoObject, repoObjects } from '../../../layout/repo-objects.js';
import { planAdoption } from '../adopt/adopt-plan.js';
import { COREDNS_DIR, COREDNS_MONITORING_DIR, type CoreDnsPlan, clusterSettings, planCoreDns, planCoreDnsDirectory } from '../render/coredns-plan.js';
import { monitoringRemoval } from '../render/coredns-monitoring.js';
import { type PlannedFile, type TreeReader } from '../../../kit/index.js';

/**
 * The CoreDNS plan in the repository's layout (config.layout; the story layout when absent).
 * Stops when the repository already runs CoreDNS from a release we do not own, unless adopted.
 */
export function planCoreDnsInLayout(config: CoreDnsConfig, reader: TreeReader): CoreDnsPlan {
  const layout = resolveLayout(config.layout);
  const objects = repoObjects(reader);
  const ownPath = `${manifestDir(layout)}/helmrelease.yaml`;
  const foreign = findCoreDnsReleases(objects).filter((r) => r.file !== layout.adopt && !(r.file === ownPath && r.generated));
  if (foreign.length > 0) throw foreignCoreDnsError(foreign);
  if (layout.adopt) return planAdoption(config, layout.adopt, reader, objects);
  if (layout.kind === 'categories') return planCoreDns(config, reader);

  const files: PlannedFile[] = [...ownedCoreDnsFiles(config)];
  const notes: string[] = [];
  const listings = new Map<string, string[]>();
  const list = (kustomization: string, entry: string) => listings.set(kustomization, [...(listings.get(kustomization) ?? []), entry]);
  for (const placement of ksPlacements(
    layout,
    config.clusters.map((c) => c.name),
  ))
    list(placement.listedBy, placement.entry);

  for (const cluster of config.clusters) {
    const settingsFile = settingsFileFor(layout, cluster.name, objects);
    if (layout.settings.kind === 'Secret' || settingsFile === undefined) {
      notes.push(
        `add ${Object.entries(clusterSettings(cluster))
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')} to ${layout.settings.kind} ${layout.settings.name} of cluster ${cluster.name} (no ConfigMap file to merge them into was found)`,
      );
      continue;
    }
    const existing = reader.read(settingsFile) ?? '';
    files.push({ path: settingsFile, role: 'merged', contents: editConfigMapData(existing, settingsFile, { name: layout.settings.name, namespace: 'flux-system', set: clusterSettings(cluster) }) });
    if (posix.dirname(settingsFile) === clusterEntryDir(layout, cluster.name)) list(`${posix.dirname(settingsFile)}/kustomization.yaml`, posix.basename(settingsFile));
  }

  for (const [path, entries] of listings) {
    const existing = reader.read(path);
    if (existing !== undefined) {
      files.push({ path, role: 'merged', contents: ensureKustomizationResources(existing, path, entries) });
    } else if (layout.kind === 'apps') {
      // A namespace folder needs its own kustomization.yaml: keep what Flux would have taken from it.
      const dir = posix.dirname(path);
      const kept = reader
        .list(dir)
        .filter((e) => e.name !== posix.basename(layout.appDir))
        .flatMap((e) => (e.isDirectory ? [`./${e.name}`] : /\.ya?ml$/.test(e.name) ? [`./${e.name}`] : []));
      files.push({ path, role: 'merged', contents: `---\n${stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...kept, ...entries] })}` });
      const appsRoot = posix.dirname(dir);
      const rootKustomization = reader.read(`${appsRoot}/kustomization.yaml`);
      if (rootKustomization !== undefined)
        files.push({
          path: `${appsRoot}/kustomization.yaml`,
          role: 'merged',
          contents: ensureKustomizationResources(rootKustomization, `${appsRoot}/kustomization.yaml`, [`./${posix.basename(dir)}`]),
        });
    }
    // infrastructure: a cluster folder without kustomization.yaml is taken whole by Flux.
  }
  if (!config.settings.monitoring.enabled) monitoringRemoval(files, reader, `${manifestDir(layout)}-monitoring`);
  return { files, notes };
}

/** Where a cluster's settings live: an existing ConfigMap of that name, else its entry folder. */
export function settingsFileFor(layout: Layout, cluster: string, objects: ReturnType<typeof repoObjects>): string | undefined {
  const entry = clusterEntryDir(layout, cluster);
  const inEntry = objects.find(({ file, object }) => file.startsWith(`${entry}/`) && object.kind === 'ConfigMap' && object.metadata?.name === layout.settings.name);
  if (inEntry) return inEntry.file;
  if (layout.kind === 'apps') return findRepoObject(objects, 'ConfigMap', layout.settings.name)?.file;
  return `${entry}/cluster-settings.yaml`;
}

/** The files the layout owns whole: the chart's manifests in the app folder and its Flux Kustomization(s). */
export function ownedCoreDnsFiles(config: CoreDnsConfig): PlannedFile[] {
  const layout = resolveLayout(config.layout);
  if (layout.adopt) return [];
  const story = planCoreDnsDirectory(config);
  if (layout.kind === 'categories') return story;
  const dir = manifestDir(layout);
  // Monitoring keeps its own Flux Kustomization (DNS never waits on monitoring CRDs), in a folder
  // beside the app's; both Kustomizations live in the layout's ks file, so whatever lists it reaches both.
  const monitoringDir = `${dir}-monitoring`;
  const ks = story.find((f) => f.path === `${COREDNS_DIR}/ks.yaml`)!;
  const monitoringKs = story.find((f) => f.path === `${COREDNS_MONITORING_DIR}/ks.yaml`);
  const manifests = story
    .filter((f) => f !== ks && f !== monitoringKs)
    .map((f) => ({ ...f, path: f.path.startsWith(`${COREDNS_MONITORING_DIR}/`) ? f.path.replace(COREDNS_MONITORING_DIR, monitoringDir) : f.path.replace(COREDNS_DIR, dir) }));
  const contents = ksForLayout(ks.contents, layout, dir) + (monitoringKs ? ksForLayout(monitoringKs.contents, layout, monitoringDir) : '');
  return [
    ...manifests,
    ...ksPlacements(
      layout,
      config.clusters.map((c) => c.name),
    ).map((p) => ({ path: p.path, contents, role: 'owned' as const })),
  ];
}

/** The story's Flux Kustomization pointed at the layout's folder, Git source and settings object. */
function ksForLayout(text: string, layout: Layout, dir: string): string {
  const doc = parseDocument(text);
  doc.setIn(['spec', 'path'], `./${dir}`);
  doc.setIn(['spec', 'sourceRef', 'name'], layout.gitRepository.name);
  doc.setIn(['spec', 'sourceRef', 'namespace'], layout.gitRepository.namespace);
  if (doc.hasIn(['spec', 'postBuild', 'substituteFrom'])) {
    doc.setIn(['spec', 'postBuild', 'substituteFrom', 0, 'kind'], layout.settings.kind);
    doc.setIn(['spec', 'postBuild', 'substituteFrom', 0, 'name'], layout.settings.name);
  }
  return doc.toString({ lineWidth: 0 });
}
