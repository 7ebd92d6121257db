import { z } from 'zod';

/** The key every generator of this package stores its answers under in .yo-rc.json. */
export const YO_RC_NAMESPACE = 'generator-platform';
/** The key under YO_RC_NAMESPACE holding the repository model (clusters), beside each service's answers. */
export const REPOSITORY_KEY = 'repository';
/** Where the clusters were kept before the repository had a key of its own (read for one release). */
const LEGACY_CLUSTERS_SERVICE = 'coredns';

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

/** What platform:cluster changes: one cluster added, or one taken out (by name). */
export type ClusterChange = { readonly added: RepositoryCluster } | { readonly removed: string };

const clusterShape = z.object({ name: z.string(), serviceCidr: z.string() });
const namespaceShape = z.record(z.string(), z.unknown());
const clustersShape = z.object({ clusters: z.array(z.unknown()) });

/**
 * The clusters recorded in `.yo-rc.json` (parsed): `generator-platform.repository.clusters`, or,
 * in a repository written before that key existed, CoreDNS's `clusters`. Entries not of the shape
 * `{name, serviceCidr}` are left out here; each service validates its own answers in full.
 */
export function repositoryModelFromYoRc(yoRc: unknown): RepositoryModel {
  const namespace = namespaceShape.safeParse(namespaceShape.safeParse(yoRc).data?.[YO_RC_NAMESPACE]).data;
  const stored = clustersShape.safeParse(namespace?.[REPOSITORY_KEY]).data ?? clustersShape.safeParse(namespace?.[LEGACY_CLUSTERS_SERVICE]).data;
  const clusters = (stored?.clusters ?? []).flatMap((entry) => {
    const cluster = clusterShape.safeParse(entry).data;
    return cluster ? [{ name: cluster.name, serviceCidr: cluster.serviceCidr }] : [];
  });
  return { clusters };
}

/** The repository model as `.yo-rc.json` stores it under REPOSITORY_KEY. */
export function toStoredRepository(model: RepositoryModel): { clusters: RepositoryCluster[] } {
  return { clusters: model.clusters.map(({ name, serviceCidr }) => ({ name, serviceCidr })) };
}
