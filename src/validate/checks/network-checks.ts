import { DNS_ADDRESS_INDEX, clusterIpProblem, nthAddress, parseAddress, parseServiceCidr } from '../../model/index.js';
import type { RenderedObject } from '../objects/index.js';
import type { ClusterIndex, Report } from './cluster-context.js';
import { objectId } from '../objects/index.js';
import type { MergedRelease, ResolvedRelease } from './helm-release-checks.js';
import { isMap, isService } from '../objects/kube-objects.js';

const releaseClusterIp = (values: Readonly<Record<string, unknown>>): unknown => (isMap(values.service) ? values.service.clusterIP : undefined);

/** The ClusterIP a chart's Service asks for must be usable in the cluster's Service CIDR. */
export function checkClusterIpInCidr(release: MergedRelease, index: ClusterIndex): void {
  const clusterIP = releaseClusterIp(release.merged);
  const serviceCidr = index.context.serviceCidr;
  if (clusterIP === undefined || !serviceCidr) return;
  const cidr = parseServiceCidr(serviceCidr);
  const address = parseAddress(String(clusterIP));
  if (typeof address === 'string') {
    release.report(
      'clusterip-invalid',
      'error',
      'spec.values.service.clusterIP',
      `${String(clusterIP)} after substitution: ${address}`,
      'set COREDNS_CLUSTER_IP in cluster-settings to an address of the Service CIDR',
    );
    return;
  }
  if (typeof cidr === 'string') return; // a CIDR that does not parse is the cluster settings' problem, reported there
  const problem = clusterIpProblem(cidr, address);
  if (problem)
    release.report(
      'clusterip-outside-cidr',
      'error',
      'spec.values.service.clusterIP',
      `${String(clusterIP)} ${problem}; the API server refuses the Service`,
      `set COREDNS_CLUSTER_IP in cluster-settings to an address inside ${cidr.text} other than its network${cidr.family === 'ipv4' ? ' and broadcast' : ''} address, e.g. its 10th, ${nthAddress(cidr, DNS_ADDRESS_INDEX)}`,
    );
}

/**
 * A Service's own spec.clusterIP (and clusterIPs) of the Service CIDR's family must be one the API
 * server's allocator hands out: inside the range, not its network address, nor IPv4's broadcast.
 * Addresses of the other family (dual stack, a range this run was not told) are not judged.
 */
export function checkServiceClusterIps(index: ClusterIndex): void {
  const cidr = index.context.serviceCidr ? parseServiceCidr(index.context.serviceCidr) : undefined;
  if (cidr === undefined || typeof cidr === 'string') return;
  for (const entry of index.select(isService)) {
    const spec = entry.object.spec;
    const claims: [string, unknown][] = [['spec.clusterIP', spec?.clusterIP], ...(spec?.clusterIPs ?? []).map((ip, i): [string, unknown] => [`spec.clusterIPs[${i}]`, ip])];
    for (const [path, ip] of claims) {
      if (typeof ip !== 'string' || ip === '' || ip === 'None') continue;
      const address = parseAddress(ip);
      if (typeof address === 'string' || address.kind() !== cidr.family) continue;
      const problem = clusterIpProblem(cidr, address);
      if (problem) {
        index.reporter(entry)(
          'clusterip-outside-cidr',
          'error',
          path,
          `${ip} ${problem}; the API server refuses the Service`,
          `set ${path} to an address inside ${cidr.text} other than its network${cidr.family === 'ipv4' ? ' and broadcast' : ''} address (e.g. ${nthAddress(cidr, DNS_ADDRESS_INDEX)}), or leave it unset for the API server to pick one`,
        );
        break; // clusterIPs[0] repeats clusterIP
      }
    }
  }
}

interface Claim {
  readonly ip: string;
  readonly entry: RenderedObject;
  readonly path: string;
  readonly report: Report;
}

/** Two Services asking for one ClusterIP: the API server rejects the second. */
export function checkClusterIpConflicts(index: ClusterIndex, releases: readonly ResolvedRelease[]): void {
  const claims: Claim[] = [
    ...index.select(isService).map((entry) => ({ ip: entry.object.spec?.clusterIP, entry, path: 'spec.clusterIP', report: index.reporter(entry) })),
    ...releases.map((release) => ({ ip: releaseClusterIp(release.values), entry: release.entry, path: 'spec.values.service.clusterIP', report: release.report })),
  ]
    .filter((claim): claim is Claim => typeof claim.ip === 'string' && claim.ip !== '' && claim.ip !== 'None')
    .map((claim) => ({ ...claim, ip: normalize(claim.ip) }));
  const first = new Map<string, Claim>();
  for (const claim of claims) {
    const earlier = first.get(claim.ip);
    if (!earlier) {
      first.set(claim.ip, claim);
    } else if (objectId(earlier.entry.object) !== objectId(claim.entry.object)) {
      // The same object applied twice is duplicate-object's finding.
      claim.report(
        'clusterip-conflict',
        'error',
        claim.path,
        `ClusterIP ${claim.ip} is also claimed by ${objectId(earlier.entry.object)}${earlier.entry.file ? ` (${earlier.entry.file})` : ''}; the second Service is rejected`,
        'give each Service its own ClusterIP, or leave one unset',
      );
    }
  }
}

/** One spelling per address, so IPv6 forms such as fd00::a and fd00:0::a compare equal. */
function normalize(ip: string): string {
  const address = parseAddress(ip);
  return typeof address === 'string' ? ip : address.toString();
}
