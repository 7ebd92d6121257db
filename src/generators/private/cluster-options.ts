import { CLUSTER_SETTING_KEYS, type TypedClusterAnswers } from '../../services/coredns/index.js';
import { InputError, quote, shorten, splitList } from '../../model/index.js';

/**
 * Reads a per-cluster option: `infra=10.245.0.0/16,apps=10.247.0.0/16` (by name) or
 * `10.245.0.0/16,10.247.0.0/16` (in cluster order). A single positional value applies to all.
 */
function perClusterOption(option: string, raw: unknown, clusters: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  if (raw === undefined || raw === null || raw === '') return values;
  const items = splitList(String(raw));
  const keyed = items.filter((item) => item.includes('='));
  if (keyed.length > 0 && keyed.length !== items.length) {
    throw new InputError([
      {
        code: 'option-values-mixed',
        path: `--${option}`,
        message: `mixes name=value and plain values (${quote(String(raw))})`,
        fix: 'use name=value for every cluster, or plain values in cluster order',
      },
    ]);
  }
  if (keyed.length > 0) {
    for (const item of items) {
      const [name, value] = item.split('=', 2) as [string, string];
      if (!clusters.includes(name)) {
        throw new InputError([
          {
            code: 'option-cluster-unknown',
            path: `--${option}`,
            message: `names cluster ${quote(name)}, which is not in the cluster list (${shorten(clusters.join(', '))})`,
            fix: 'use a cluster name from --clusters',
          },
        ]);
      }
      values.set(name, value);
    }
    return values;
  }
  if (items.length === 1) {
    for (const name of clusters) values.set(name, items[0]!);
    return values;
  }
  if (items.length !== clusters.length) {
    throw new InputError([
      {
        code: 'option-values-count',
        path: `--${option}`,
        message: `has ${items.length} values for ${clusters.length} clusters`,
        fix: 'give one value per cluster in cluster order, or name=value pairs',
      },
    ]);
  }
  clusters.forEach((name, index) => values.set(name, items[index]!));
  return values;
}

/**
 * Replicas typed on the command line or at a prompt: a number when the text is one, else the
 * text itself, so that the model names it ("expected a whole number, got string ...").
 */
export function parseReplicas(text: string | number | undefined): number | string | undefined {
  if (text === undefined || text === '') return undefined;
  if (typeof text === 'number') return text;
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text;
}

/** Builds cluster answers from the options, keeping what a stored cluster already had. */
export function clustersFromOptions(
  names: readonly string[],
  stored: readonly TypedClusterAnswers[],
  options: { serviceCidrs?: unknown; dnsIps?: unknown; replicas?: unknown },
): TypedClusterAnswers[] {
  const cidrs = perClusterOption('service-cidrs', options.serviceCidrs, names);
  const ips = perClusterOption('dns-ips', options.dnsIps, names);
  const replicas = perClusterOption('replicas', options.replicas, names);
  return names.map((name) => {
    const before = stored.find((cluster) => cluster.name === name);
    // Per-cluster settings (Corefile, placement, ...) have no options: keep the stored ones.
    const kept = Object.fromEntries(CLUSTER_SETTING_KEYS.filter((key) => before?.[key] !== undefined).map((key) => [key, before![key]]));
    const cluster: TypedClusterAnswers = { ...kept, name, serviceCidr: cidrs.get(name) ?? before?.serviceCidr ?? '' };
    const dnsIp = ips.get(name) ?? (cidrs.has(name) && cidrs.get(name) !== before?.serviceCidr ? undefined : before?.dnsIp);
    if (dnsIp !== undefined) cluster.dnsIp = dnsIp;
    const count = parseReplicas(replicas.get(name)) ?? before?.replicas;
    if (count !== undefined) cluster.replicas = count;
    return cluster;
  });
}
