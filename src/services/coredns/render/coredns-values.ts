import { type ClusterConfig, type CoreDnsConfig } from '../model/coredns-config.js';
import { type ClusterDnsSettings, deepMerge } from '../model/coredns-settings.js';
import { corefileServers } from './coredns-corefile.js';
import { YAML_OPTIONS } from '../../../render/yaml-text.js';
import { stringify } from 'yaml';

/** The per-cluster values ConfigMap the shared HelmRelease reads through valuesFrom. */
export const VALUES_CONFIGMAP = { name: 'coredns-values', namespace: 'kube-system', key: 'values.yaml', file: 'coredns-values.yaml' } as const;

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

/** Required node affinity and the matching toleration: CoreDNS runs only on control-plane nodes. */
const CONTROL_PLANE_PLACEMENT = {
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: CONTROL_PLANE_LABEL, operator: 'Exists' }] }],
      },
    },
  },
  tolerations: [{ key: CONTROL_PLANE_LABEL, operator: 'Exists', effect: 'NoSchedule' }],
};

/**
 * One cluster's chart values beside the shared HelmRelease's: the Corefile (`servers`),
 * placement, the autoscaler and dual-stack Service fields, then the answers' `values` over them.
 */
export function clusterValues(cluster: ClusterConfig, settings: ClusterDnsSettings): Record<string, unknown> {
  const placement = settings.placement === 'control-plane' ? CONTROL_PLANE_PLACEMENT : {};
  const generated: Record<string, unknown> = {
    servers: corefileServers(settings),
    ...structuredClone(placement),
    ...(settings.autoscaler
      ? {
          // The cluster-proportional autoscaler (the kube-dns addon's): scales with nodes and
          // cores, needs no metrics pipeline; the chart then leaves replicas to it.
          autoscaler: {
            enabled: true,
            min: settings.autoscaler.min,
            max: settings.autoscaler.max,
            priorityClassName: 'system-cluster-critical',
            ...structuredClone(placement),
          },
        }
      : {}),
    ...(settings.dualStack ? { service: { clusterIPs: [cluster.dnsIp, settings.dualStack.dnsIpV6], ipFamilyPolicy: 'RequireDualStack' } } : {}),
  };
  return deepMerge(generated, settings.values);
}

/** The text of the ConfigMap's values.yaml key. */
export function clusterValuesText(config: CoreDnsConfig, cluster: ClusterConfig): string {
  // No anchors: the Corefile's shared plugin entries are written out in full.
  return stringify(clusterValues(cluster, config.settings.clusters[cluster.name]!), { ...YAML_OPTIONS, aliasDuplicateObjects: false });
}

/** Whether any cluster runs the autoscaler (drift detection must then leave replicas alone). */
export function anyAutoscaler(config: CoreDnsConfig): boolean {
  return Object.values(config.settings.clusters).some((settings) => settings.autoscaler !== undefined);
}
