import { parseAllDocuments } from 'yaml';
import type { CoreDnsAnswers } from '../model/index.js';
import type { TreeReader } from '../render/coredns-plan.js';
import type { CoreDnsRelease } from '../layout/find-coredns-releases.js';

/**
 * The adopted release's replicas, ClusterIP, chart version and source as answer defaults: set
 * only where the answers leave them open, so options still win.
 */
export function applyAdoptedDefaults(answers: CoreDnsAnswers, release: CoreDnsRelease, reader: TreeReader): void {
  const object = parseAllDocuments(reader.read(release.file) ?? '')
    .map((d) => d.toJS())
    .find((o) => o?.kind === 'HelmRelease' && o.metadata?.name === release.name);
  const values = object?.spec?.values ?? {};
  const replicas = typeof values.replicaCount === 'number' ? values.replicaCount : undefined;
  const dnsIp = typeof values.service?.clusterIP === 'string' && !values.service.clusterIP.includes('${') ? values.service.clusterIP : undefined;
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
