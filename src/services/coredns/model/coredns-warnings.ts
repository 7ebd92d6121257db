import { nthAddress, parseServiceCidr } from '../../../model/network.js';

/** One cluster's answers as far as the warnings need them. */
interface WarnedCluster {
  readonly name: string;
  readonly serviceCidr: string;
  readonly dnsIp?: string | undefined;
  readonly replicas?: number | string | undefined;
}

/**
 * Allowed but probably wrong: one replica (DNS is down for every pod during a drain or a
 * rollout) and the CIDR's first address (kube-apiserver gives it to Service default/kubernetes,
 * so kube-dns cannot get it).
 */
export function clusterWarnings(cluster: WarnedCluster): string[] {
  const warnings: string[] = [];
  if (cluster.replicas === 1) warnings.push(`${cluster.name}: 1 CoreDNS replica leaves the cluster without DNS during every node drain and rollout; 2 or more keep it up`);
  const cidr = parseServiceCidr(cluster.serviceCidr);
  if (typeof cidr !== 'string' && cluster.dnsIp !== undefined && cluster.dnsIp === nthAddress(cidr, 1)) {
    warnings.push(
      `${cluster.name}: ${cluster.dnsIp} is the first address of ${cidr.text}, which kube-apiserver gives to Service default/kubernetes; kube-dns usually takes the 10th (${nthAddress(cidr, 10)})`,
    );
  }
  return warnings;
}
