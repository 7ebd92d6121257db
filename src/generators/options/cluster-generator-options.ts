import { DEFAULT_REPLICAS, dnsIpProblem, fieldChecks, parseServiceCidr, suggestedDnsIp } from '../../model/index.js';
import { parseReplicas } from '../private/cluster-options.js';
import { COMMON_OPTIONS, type PromptedTable } from '../../options/index.js';

/** `platform:cluster` / `platform-gitops cluster`: every prompt has one of these. */
export const CLUSTER_OPTIONS = {
  name: {
    type: 'string',
    description: 'Name of the cluster to add (DNS label)',
    prompt: {
      type: 'input',
      message: 'Cluster name',
      required: "the new cluster's name, e.g. --name edge",
      check: (value) => {
        const problem = fieldChecks.clusterName(value.trim());
        return problem ? `name: ${problem}; use a DNS label such as edge` : undefined;
      },
    },
  },
  'service-cidr': {
    type: 'string',
    description: 'Its Service CIDR, e.g. 10.249.0.0/16',
    prompt: {
      type: 'input',
      message: 'Service CIDR',
      required: 'its Service CIDR, e.g. --service-cidr 10.249.0.0/16',
      check: (value) => {
        const cidr = parseServiceCidr(value.trim());
        return typeof cidr === 'string' ? `serviceCidr: ${cidr}; e.g. 10.249.0.0/16` : undefined;
      },
    },
  },
  'dns-ip': {
    type: 'string',
    description: 'Its CoreDNS ClusterIP (default: 10th address of the CIDR)',
    prompt: {
      type: 'input',
      message: 'CoreDNS ClusterIP',
      default: (given) => suggestedDnsIp(String(given.serviceCidr ?? '')),
      check: (value, given) => {
        const problem = dnsIpProblem(value, String(given.serviceCidr ?? ''));
        return problem ? `dnsIp: ${problem}` : undefined;
      },
    },
  },
  replicas: {
    type: 'string',
    description: `CoreDNS replicas (default ${DEFAULT_REPLICAS})`,
    prompt: {
      type: 'input',
      message: 'CoreDNS replicas',
      default: String(DEFAULT_REPLICAS),
      check: (value) => {
        const problem = fieldChecks.replicas(parseReplicas(value));
        return problem ? `replicas: ${problem}; use a whole number from 1 to 100` : undefined;
      },
    },
  },
  remove: { type: 'string', description: 'Take this cluster out instead (its CoreDNS keys and .yo-rc.json entry)' },
  ...COMMON_OPTIONS,
  interactive: { type: 'boolean', description: 'Prompt for what is missing; --no-interactive makes a missing --name or --service-cidr an error (default: on in a terminal)' },
  // Only merged and new files: nothing hand-edited to overwrite.
  force: { type: 'boolean', description: 'Accepted for symmetry; this generator only merges files' },
  'skip-validate': { type: 'boolean', default: false, description: 'Do not run platform-gitops validate --cluster <name> after adding' },
} as const satisfies PromptedTable;
