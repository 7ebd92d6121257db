import { DEFAULT_CHART_VERSION, DEFAULT_DEPENDS_ON, DEFAULT_REPLICAS, NEWEST_CHART_VERSION } from '../../model/index.js';
import type { OptionTable } from '../../options/index.js';

/** Options every platform generator takes. */
export const COMMON_OPTIONS = {
  interactive: { type: 'boolean', description: 'Ask (prompts, hand-edited files); --no-interactive never asks (default: on in a terminal)' },
  force: { type: 'boolean', description: 'Overwrite files the generator owns even if edited by hand' },
  'dry-run': { type: 'boolean', description: 'Print the unified diff of what would change and write nothing' },
  'skip-validate': { type: 'boolean', default: false, description: 'Do not run platform-gitops validate after writing' },
} as const satisfies OptionTable;

/** `platform:coredns` / `platform-gitops coredns`: every prompt has one of these. */
export const COREDNS_OPTIONS = {
  answers: { type: 'string', description: 'YAML or JSON file with every answer (non-interactive)' },
  clusters: { type: 'string', description: 'Cluster names, comma-separated (e.g. infra,apps)' },
  'service-cidrs': { type: 'string', description: 'Service CIDR per cluster: infra=10.245.0.0/16,apps=10.247.0.0/16' },
  'dns-ips': { type: 'string', description: 'DNS ClusterIP per cluster (default: 10th address of the CIDR)' },
  replicas: { type: 'string', description: `CoreDNS replicas per cluster, or one number for all (default ${DEFAULT_REPLICAS})` },
  'chart-version': { type: 'string', description: `CoreDNS chart version (default ${DEFAULT_CHART_VERSION}; newest known ${NEWEST_CHART_VERSION})` },
  'chart-source': { type: 'string', description: 'helm (HelmRepository) or oci (OCIRepository); default oci where published' },
  'depends-on': { type: 'string', description: `Flux Kustomizations CoreDNS waits for (default ${DEFAULT_DEPENDS_ON}); empty for none` },
  forwarders: { type: 'string', description: 'Upstream resolvers for every cluster, comma-separated: defaults.forwarders (default /etc/resolv.conf)' },
  placement: { type: 'string', description: 'any or control-plane, for every cluster: defaults.placement (default any)' },
  layout: { type: 'string', description: 'Where CoreDNS goes: story, apps (home-ops) or infrastructure (flux2-kustomize-helm-example); default: read from the repository' },
  'app-dir': { type: 'string', description: 'The app folder (story: the CoreDNS folder; apps: holds ks.yaml and app/)' },
  'clusters-dir': { type: 'string', description: 'The folder of the cluster entry folders (apps: the one entry folder)' },
  'settings-name': { type: 'string', description: 'The ConfigMap (or Secret) Flux substitutes from (default cluster-settings)' },
  adopt: { type: 'boolean', description: 'Manage the CoreDNS HelmRelease already in the repository in place, keeping its other values' },
  reconfigure: { type: 'boolean', default: false, description: 'Ask again, with the stored answers as defaults' },
  ...COMMON_OPTIONS,
} as const satisfies OptionTable;
