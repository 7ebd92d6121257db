/** The key every generator of this package stores its answers under in .yo-rc.json. */
export const YO_RC_NAMESPACE = 'generator-platform';

/** A cluster of the repository, as every service sees it. */
export interface RepositoryCluster {
  /** A DNS label; used in paths and object names. */
  readonly name: string;
  /** The cluster's Service CIDR. */
  readonly serviceCidr: string;
}

/** What the repository says about itself, read once and handed to every service. */
export interface RepositoryModel {
  readonly clusters: readonly RepositoryCluster[];
}

/**
 * The clusters recorded in `.yo-rc.json` (parsed), whichever service stored them: the first
 * service answers with a `clusters` list of `{name, serviceCidr}` defines them. Entries that are
 * not of that shape are left out here; each service validates its own answers in full.
 */
export function repositoryModelFromYoRc(yoRc: unknown): RepositoryModel {
  const stored = (yoRc as Record<string, unknown> | undefined)?.[YO_RC_NAMESPACE];
  if (!stored || typeof stored !== 'object') return { clusters: [] };
  for (const answers of Object.values(stored as Record<string, unknown>)) {
    const clusters = (answers as { clusters?: unknown } | null)?.clusters;
    if (!Array.isArray(clusters)) continue;
    return {
      clusters: clusters.filter((c): c is RepositoryCluster => typeof c?.name === 'string' && typeof c?.serviceCidr === 'string').map(({ name, serviceCidr }) => ({ name, serviceCidr })),
    };
  }
  return { clusters: [] };
}
