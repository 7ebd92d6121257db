import type { Finding } from './finding.js';
import type { ClusterEntry } from './discovery/find-cluster-entries.js';
import { repoPath } from './flux/confined-tree.js';
import type { ClusterReport } from './validate-repo.js';

/** An entry no Flux applies as written (discovery's `unapplied`): one finding, nothing built. */
export function unappliedCluster(repo: string, entry: ClusterEntry, { paths, alone }: NonNullable<ClusterEntry['unapplied']>): { report: ClusterReport; own: Finding[] } {
  // Beside clusters that build it is a template or an archive, worth a warning; alone, it is the fault.
  const folder = repoPath(repo, entry.dir);
  const root = repoPath(repo, entry.syncRoot ?? repo);
  const finding: Finding = {
    code: 'cluster-unapplied',
    severity: alone ? 'error' : 'warning',
    cluster: entry.name,
    file: folder,
    message: `${folder} is not checked: none of the paths its Flux Kustomizations build exists in ${root === '.' ? 'the repository' : root}: ${paths.join(', ')}; ${
      alone ? 'Flux fails every one of them' : 'a template or an archived cluster, which nothing applies as it is'
    }`,
    fix: alone ? 'point each spec.path at a folder of the source' : 'nothing to do for a template or an archive; for a live cluster, point each spec.path at a folder of the source',
  };
  const report: ClusterReport = { name: entry.name, path: folder, kustomizations: [], objects: 0, helmReleases: [] };
  Object.defineProperty(report, 'rendered', { value: [], enumerable: false });
  return { report, own: [finding] };
}
