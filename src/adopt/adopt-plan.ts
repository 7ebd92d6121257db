import { type Document, isScalar, parseAllDocuments } from 'yaml';
import { InputError, type CoreDnsConfig } from '../model/index.js';
import { findCoreDnsReleases } from '../layout/find-coredns-releases.js';
import type { RepoObject } from '../layout/repo-objects.js';
import type { CoreDnsPlan, PlannedFile, TreeReader } from '../render/coredns-plan.js';

/**
 * Manages an existing CoreDNS HelmRelease in place: only its replicas, ClusterIP and chart
 * version are set (on the nodes that hold them, so comments and every other value stay);
 * nothing of ours is written beside it.
 */
export function planAdoption(config: CoreDnsConfig, file: string, reader: TreeReader, objects: readonly RepoObject[]): CoreDnsPlan {
  const release = findCoreDnsReleases(objects).find((r) => r.file === file);
  if (!release)
    throw new InputError([
      { code: 'adopt-release-gone', path: file, message: 'holds no HelmRelease of the coredns chart any more', fix: 'run with --reconfigure, or point layout.adopt in .yo-rc.json at the release' },
    ]);
  if (config.clusters.length !== 1) {
    throw new InputError([
      {
        code: 'adopt-one-cluster',
        path: 'clusters',
        message: `an adopted release serves one cluster; ${config.clusters.length} were given`,
        fix: 'adopt with one cluster (the one that release runs on)',
      },
    ]);
  }
  const cluster = config.clusters[0]!;
  const files: PlannedFile[] = [];
  const notes: string[] = [];
  const edits: Array<[string, (string | number)[], string | number]> = [
    [release.file, ['spec', 'values', 'replicaCount'], cluster.replicas],
    [release.file, ['spec', 'values', 'service', 'clusterIP'], cluster.dnsIp],
  ];
  if (release.source !== config.chart.source) notes.push(`${release.file} keeps its ${release.source} chart source (adopting does not move a release to another source)`);
  if (release.source === 'helm') edits.push([release.file, ['spec', 'chart', 'spec', 'version'], config.chart.version]);
  else if (release.sourceFile) edits.push([release.sourceFile, ['spec', 'ref', 'tag'], config.chart.version]);
  for (const path of new Set(edits.map(([f]) => f))) {
    const text = reader.read(path)!;
    const kinds = path === release.file ? 'HelmRelease' : 'OCIRepository';
    files.push({
      path,
      role: 'merged',
      contents: setScalars(
        text,
        kinds,
        edits.filter(([f]) => f === path).map(([, at, value]) => [at, value]),
      ),
    });
  }
  return { files, notes };
}

/** Sets values in the first document of `kind`, touching only nodes whose value changes. */
function setScalars(text: string, kind: string, edits: Array<[(string | number)[], string | number]>): string {
  const docs = parseAllDocuments(text) as Document.Parsed[];
  const doc = docs.find((d) => d.get('kind') === kind)!;
  let changed = false;
  for (const [path, value] of edits) {
    const node = doc.getIn(path, true);
    if (isScalar(node)) {
      if (node.value === value) continue;
      node.value = value;
    } else {
      doc.setIn(path, value);
    }
    changed = true;
  }
  return changed ? docs.map((d) => d.toString({ lineWidth: 0 })).join('') : text;
}
