import { CHART_HELM_REPOSITORY_URL, CHART_OCI_URL } from '../../../model/index.js';
import { type ClusterConfig, type CoreDnsConfig } from '../model/coredns-config.js';
import { type AppPlan, type ClusterFile, type HelmAppScope, type PlannedFile, type TreeReader, clusterDir, groupDir, ownedAppFile, planHelmApp, renderAppFile } from '../../../kit/index.js';
import { MONITORING_FOLDER, monitoringFiles, monitoringRemoval } from './coredns-monitoring.js';
import { VALUES_CONFIGMAP, anyAutoscaler, clusterValuesText } from './coredns-values.js';

export type CoreDnsPlan = AppPlan;

/** What to plan: the shared files, and which clusters. */
export type CoreDnsPlanScope = HelmAppScope;

const NETWORKING = 'networking';
export const NETWORKING_DIR = groupDir(NETWORKING);
export const COREDNS_DIR = `${NETWORKING_DIR}/coredns`;
export const COREDNS_MONITORING_DIR = `${NETWORKING_DIR}/${MONITORING_FOLDER}`;
/** The keys CoreDNS owns in each cluster's cluster-settings. */
export const COREDNS_SETTING_KEYS = ['COREDNS_REPLICAS', 'COREDNS_CLUSTER_IP'] as const;

const TEMPLATE_ROOT = 'coredns';

/** The CoreDNS values each cluster's cluster-settings carries, as strings (ConfigMap data). */
export function clusterSettings(cluster: ClusterConfig): Record<(typeof COREDNS_SETTING_KEYS)[number], string> {
  return { COREDNS_REPLICAS: String(cluster.replicas), COREDNS_CLUSTER_IP: cluster.dnsIp };
}

/**
 * Every file the CoreDNS setup needs, with its final contents. Pure apart from `reader`: the
 * same config and the same tree give the same bytes, so a re-run writes nothing.
 */
export function planCoreDns(config: CoreDnsConfig, reader: TreeReader, scope: CoreDnsPlanScope = {}): CoreDnsPlan {
  const monitoring = config.settings.monitoring.enabled;
  const app = {
    group: NETWORKING,
    // Each folder is applied by its own Flux Kustomization.
    folders: monitoring ? ['coredns', MONITORING_FOLDER] : ['coredns'],
    files: scope.shared === false ? [] : planCoreDnsDirectory(config),
    clusters: config.clusters.map((cluster) => ({ name: cluster.name, settings: clusterSettings(cluster), files: clusterFiles(config, cluster) })),
  };
  const plan = planHelmApp(app, reader, scope);
  if (!monitoring && scope.shared !== false) monitoringRemoval(plan.files, reader, COREDNS_MONITORING_DIR, { path: `${NETWORKING_DIR}/kustomization.yaml`, entry: `${MONITORING_FOLDER}/ks.yaml` });
  return plan;
}

/** The files under networking/coredns/ and networking/coredns-monitoring/, all owned. */
export function planCoreDnsDirectory(config: CoreDnsConfig): PlannedFile[] {
  const sourceFile = config.chart.source === 'oci' ? 'ocirepository.yaml' : 'helmrepository.yaml';
  const sourceUrl = config.chart.source === 'oci' ? CHART_OCI_URL : CHART_HELM_REPOSITORY_URL;
  const { flux, perClusterValues } = config.settings;
  const owned = (dir: string, name: string, data: object): PlannedFile => ownedAppFile(TEMPLATE_ROOT, `${dir}/${name}`, data, flux.schemaComments);
  return [
    owned(COREDNS_DIR, 'helmrelease.yaml', {
      chart: config.chart,
      flux,
      valuesFrom: perClusterValues ? VALUES_CONFIGMAP : undefined,
      ignoreReplicas: anyAutoscaler(config),
    }),
    owned(COREDNS_DIR, sourceFile, { chart: config.chart, url: sourceUrl, interval: flux.chartInterval ?? '1h' }),
    owned(COREDNS_DIR, 'kustomization.yaml', { resources: ['helmrelease.yaml', sourceFile] }),
    owned(COREDNS_DIR, 'ks.yaml', { dependsOn: config.dependsOn }),
    ...monitoringFiles(config).map(([name, data]) => owned(COREDNS_MONITORING_DIR, name, data)),
  ];
}

/** The cluster's CoreDNS values ConfigMap, when values are per cluster. */
function clusterFiles(config: CoreDnsConfig, cluster: ClusterConfig): ClusterFile[] {
  if (!config.settings.perClusterValues) return [];
  const path = `${clusterDir(cluster.name)}/${VALUES_CONFIGMAP.file}`;
  const values = { name: VALUES_CONFIGMAP.name, key: VALUES_CONFIGMAP.key, values: clusterValuesText(config, cluster) };
  return [{ file: { path, contents: renderAppFile(TEMPLATE_ROOT, path, values, cluster.name), role: 'owned' }, listed: VALUES_CONFIGMAP.file }];
}
