import { type PodTemplate, namespaceIn, podTemplates } from './rendered-release.js';
import { type Obj, labelsOf, mapOf } from './private/shape.js';

/** A Service of the cluster, with its namespace and labels. */
export interface ServiceAt {
  readonly object: Obj;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** What selectors may select on a cluster: every pod template and Service, plain or rendered by any release. */
export interface ClusterPools {
  readonly pods: readonly PodTemplate[];
  readonly services: readonly ServiceAt[];
}

/** Pools from groups of objects, each with the namespace its objects land in when they name none. */
export function clusterPools(groups: ReadonlyArray<{ readonly objects: readonly Obj[]; readonly namespace: string }>): ClusterPools {
  const pods = groups.flatMap(({ objects, namespace }) => podTemplates(objects, namespace));
  const services = groups.flatMap(({ objects, namespace }) =>
    objects
      .filter((o) => o.kind === 'Service')
      .map((object) => {
        const metadata = mapOf(object.metadata);
        return { object, namespace: namespaceIn(object, namespace) ?? namespace, name: String(metadata.name ?? '?'), labels: labelsOf(metadata.labels) };
      }),
  );
  return { pods, services };
}
