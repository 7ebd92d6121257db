import { quote } from './input-error.js';
import { clusterIpProblem, nthAddress, parseAddress, parseServiceCidr } from './network.js';
import { DNS_LABEL } from './k8s-names.js';

// Field checks, shared with prompts (which validate one field at a time), and the defaults they
// guard. The whole-answers rules live in coredns-config.ts.

/** Kubernetes puts the DNS Service at the 10th address of the service range. */
export const DNS_ADDRESS_INDEX = 10;

/** The story's replica count and the default for new clusters. */
export const DEFAULT_REPLICAS = 2;

/** Prometheus' duration syntax (as prometheus-operator's CRD checks it): 0, or units in descending order, each once. */
export const DURATION = /^(0|(?!$)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$/;

/** The longest cluster name whose Flux Kustomization `cluster-<name>-infrastructure` fits a 63-character label value. */
export const MAX_CLUSTER_NAME = 63 - 'cluster-'.length - '-infrastructure'.length;

const ALERT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const SEVERITIES = ['critical', 'warning', 'info'] as const;

export type Severity = (typeof SEVERITIES)[number];

/** Characters that would be read as YAML, Flux substitution or template syntax in a name-like field. */
function hasInjectionText(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'contains a line break';
  if (value.includes('${')) return 'contains "${" (Flux would substitute it)';
  if (value.includes('{{')) return 'contains "{{" (template syntax)';
  if (value.includes('<%')) return 'contains "<%" (template syntax)';
  return undefined;
}

export const fieldChecks = {
  clusterName(value: string): string | undefined {
    const injected = hasInjectionText(value);
    if (injected) return `${quote(value)} ${injected}`;
    if (value.length === 0) return 'is empty';
    if (value.length > 63) return `${quote(value)} is longer than 63 characters`;
    if (!DNS_LABEL.test(value)) return `${quote(value)} is not a DNS label`;
    const fluxName = `cluster-${value}-infrastructure`;
    if (value.length > MAX_CLUSTER_NAME)
      return `${quote(value)} makes the Flux Kustomization name ${fluxName} ${fluxName.length} characters long; Flux puts that name in a label, which allows at most 63`;
    return undefined;
  },
  replicas(value: unknown): string | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value)) return `${JSON.stringify(value)} is not a whole number`;
    if (value < 1) return `${value} is less than 1`;
    if (value > 100) return `${value} is more than 100`;
    return undefined;
  },
  duration(value: string): string | undefined {
    if (!DURATION.test(value)) return `${quote(value)} is not a Prometheus duration`;
    return undefined;
  },
  severity(value: string): string | undefined {
    return (SEVERITIES as readonly string[]).includes(value) ? undefined : `${quote(value)} is not a known severity`;
  },
  kubernetesName(value: string): string | undefined {
    const injected = hasInjectionText(value);
    if (injected) return `${quote(value)} ${injected}`;
    if (value.length === 0 || value.length > 63 || !DNS_LABEL.test(value)) return `${quote(value)} is not a Kubernetes object name (DNS label)`;
    return undefined;
  },
  alertName(value: string): string | undefined {
    if (!ALERT_NAME.test(value)) return `${quote(value)} is not a valid alert name`;
    return undefined;
  },
};

/** Splits a comma- or space-separated list as typed at a prompt or on the command line. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** The DNS ClusterIP to suggest for a Service CIDR as typed: its 10th address; undefined while the CIDR does not parse. */
export function suggestedDnsIp(serviceCidr: string): string | undefined {
  const cidr = parseServiceCidr(serviceCidr.trim());
  return typeof cidr === 'string' ? undefined : nthAddress(cidr, DNS_ADDRESS_INDEX);
}

/**
 * What is wrong with a typed DNS ClusterIP for a Service CIDR as typed (the model's rule, for a
 * prompt); undefined when it is fine, or when the CIDR does not parse (its own prompt says so).
 */
export function dnsIpProblem(value: string, serviceCidr: string | undefined): string | undefined {
  const address = parseAddress(value.trim());
  if (typeof address === 'string') return address;
  const cidr = serviceCidr === undefined ? undefined : parseServiceCidr(serviceCidr.trim());
  const problem = cidr === undefined || typeof cidr === 'string' ? undefined : clusterIpProblem(cidr, address);
  return problem ? `${value} ${problem}` : undefined;
}
