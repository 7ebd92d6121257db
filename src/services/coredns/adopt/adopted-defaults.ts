import { parseAllDocuments } from 'yaml';
import { type TypedCoreDnsAnswers } from '../model/coredns-config.js';
import { canonicalAddress, parseAddress } from '../../../model/index.js';
import type { TreeReader } from '../../../kit/index.js';
import type { CoreDnsRelease } from '../layout/find-coredns-releases.js';

/**
 * The adopted release's replicas, ClusterIP, chart version and source as answer defaults: set
 * only where the answers leave them open, so options still win.
 */
export function applyAdoptedDefaults(answers: TypedCoreDnsAnswers, release: CoreDnsRelease, reader: TreeReader): void {
  const object = parseAllDocuments(reader.read(release.file) ?? '')
    .map((d) => d.toJS())
    .find((o) => o?.kind === 'HelmRelease' && o.metadata?.name === release.name);
  const values = object?.spec?.values ?? {};
  // Only plain literals become answers; anything else (a string "3", 2.5, a Flux variable, an
  // address with leading zeros) is kept in the file as it is (planAdoption says so).
  const replicas = Number.isInteger(values.replicaCount) ? (values.replicaCount as number) : undefined;
  const ip = values.service?.clusterIP;
  const parsed = typeof ip === 'string' && !ip.includes('${') ? parseAddress(ip) : undefined;
  const dnsIp = parsed !== undefined && typeof parsed !== 'string' && canonicalAddress(parsed) === ip ? (ip as string) : undefined;
  // One release serves one cluster; with more, planAdoption refuses (adopt-one-cluster) rather than the
  // model naming one cluster's address as outside another's range.
  if (answers.clusters.length === 1) {
    answers.clusters = answers.clusters.map((c) => ({
      ...c,
      ...(c.replicas === undefined && replicas !== undefined ? { replicas } : {}),
      ...(c.dnsIp === undefined && dnsIp !== undefined ? { dnsIp } : {}),
    }));
  }
  answers.chart = { ...(release.version ? { version: release.version } : {}), source: release.source, ...answers.chart };
}
