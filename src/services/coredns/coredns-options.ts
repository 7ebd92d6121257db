import {
  CHART_HELM_REPOSITORY_URL,
  CHART_OCI_URL,
  DEFAULT_CHART_VERSION,
  DEFAULT_REPLICAS,
  FIRST_OCI_CHART_VERSION,
  NEWEST_CHART_VERSION,
  chartSourceProblem,
  chartVersionProblem,
  defaultChartSource,
  fieldChecks,
  splitList,
} from '../../model/index.js';
import { COMMON_OPTIONS, type PromptedTable } from '../../options/index.js';
import { MONITORING_CHOICES } from './model/coredns-settings-schema.js';

/**
 * `platform:coredns` / `platform-gitops coredns`: every prompt has one of these. The per-cluster
 * questions (Service CIDR, ClusterIP, replicas) are platform:cluster's, asked once per cluster.
 */
export const COREDNS_OPTIONS = {
  answers: { type: 'string', description: 'YAML or JSON file with every answer (non-interactive)' },
  clusters: {
    type: 'string',
    description: 'Cluster names, comma-separated (e.g. infra,apps)',
    prompt: {
      type: 'input',
      message: 'Cluster names (comma-separated)',
      default: 'infra,apps',
      check: (value) => {
        const names = splitList(value);
        if (names.length === 0) return 'Give at least one cluster name';
        for (const name of names) {
          const problem = fieldChecks.clusterName(name);
          if (problem) return `clusters: ${problem}; use a DNS label such as infra`;
        }
        return new Set(names).size === names.length ? undefined : 'clusters: each name only once';
      },
    },
  },
  'service-cidrs': { type: 'string', description: 'Service CIDR per cluster: infra=10.245.0.0/16,apps=10.247.0.0/16' },
  'dns-ips': { type: 'string', description: 'DNS ClusterIP per cluster (default: 10th address of the CIDR)' },
  replicas: { type: 'string', description: `CoreDNS replicas per cluster, or one number for all (default ${DEFAULT_REPLICAS})` },
  'chart-version': {
    type: 'string',
    description: `CoreDNS chart version (default ${DEFAULT_CHART_VERSION}; newest known ${NEWEST_CHART_VERSION})`,
    prompt: {
      type: 'input',
      message: 'CoreDNS chart version',
      default: DEFAULT_CHART_VERSION,
      check: (value) => {
        const problem = chartVersionProblem(value.trim());
        return problem ? `chartVersion: ${problem.message}; ${problem.fix}` : undefined;
      },
    },
  },
  'chart-source': {
    type: 'string',
    description: 'helm (HelmRepository) or oci (OCIRepository); default oci where published',
    prompt: {
      type: 'select',
      message: 'Chart source',
      choices: [
        { name: `oci: OCIRepository ${CHART_OCI_URL} (${FIRST_OCI_CHART_VERSION} and later)`, value: 'oci' },
        { name: `helm: HelmRepository ${CHART_HELM_REPOSITORY_URL}`, value: 'helm' },
      ],
      default: (given) => defaultChartSource(String(given.chartVersion ?? DEFAULT_CHART_VERSION).trim()),
      // The version answered just before: oci is refused here, at this prompt, where it was never published.
      check: (value, given) => {
        const problem = chartSourceProblem(value, String(given.chartVersion ?? DEFAULT_CHART_VERSION).trim());
        return problem ? `chartSource: ${problem.message}; ${problem.fix}` : undefined;
      },
    },
  },
  'depends-on': {
    type: 'string',
    description: "Flux Kustomizations CoreDNS waits for (default: the one deploying the repository's CNI HelmRelease, else none); empty for none",
    prompt: {
      type: 'input',
      message: 'Flux Kustomizations CoreDNS depends on (comma-separated, empty for none)',
      default: '',
      check: (value) => {
        for (const name of splitList(value)) {
          const problem = fieldChecks.kubernetesName(name);
          if (problem) return `dependsOn: ${problem}; name a Flux Kustomization in flux-system, e.g. cilium-core`;
        }
        return undefined;
      },
    },
  },
  monitoring: {
    type: 'string',
    description: 'ServiceMonitor and PrometheusRule: on, off, or auto (on where the repository has the Prometheus Operator CRDs); default auto, stored',
    prompt: {
      type: 'select',
      message: 'Monitoring (ServiceMonitor, PrometheusRule)',
      choices: [
        { name: 'auto: where the repository has the Prometheus Operator CRDs', value: 'auto' },
        { name: 'on: always write them', value: 'on' },
        { name: 'off: leave them out', value: 'off' },
      ],
      default: 'auto',
      check: (value) => ((MONITORING_CHOICES as readonly string[]).includes(value) ? undefined : `monitoring: "${value}" is not one of ${MONITORING_CHOICES.join(', ')}`),
    },
  },
  forwarders: { type: 'string', description: 'Upstream resolvers for every cluster, comma-separated: defaults.forwarders (default /etc/resolv.conf)' },
  placement: { type: 'string', description: 'any or control-plane, for every cluster: defaults.placement (default any)' },
  layout: {
    type: 'string',
    description: 'Where CoreDNS goes: categories (kubernetes/infrastructure/<category>/), apps (home-ops) or infrastructure (flux2-kustomize-helm-example); default: read from the repository',
  },
  'app-dir': { type: 'string', description: 'The app folder (categories: the CoreDNS folder; apps: holds ks.yaml and app/)' },
  'clusters-dir': { type: 'string', description: 'The folder of the cluster entry folders (apps: the one entry folder)' },
  'settings-name': { type: 'string', description: 'The ConfigMap (or Secret) Flux substitutes from (default cluster-settings)' },
  adopt: { type: 'boolean', description: 'Manage the CoreDNS HelmRelease already in the repository in place, keeping its other values' },
  reconfigure: { type: 'boolean', default: false, description: 'Ask again, with the stored answers as defaults' },
  ...COMMON_OPTIONS,
} as const satisfies PromptedTable;
