import type { FindingSeverity } from '../finding.js';
import { type KubeObject, isMap } from '../objects/kube-objects.js';

// Pod Security admission (kubernetes.io/docs/concepts/security/pod-security-admission) refuses a
// pod only in a namespace labelled `pod-security.kubernetes.io/enforce: <level>`; warn and audit
// labels only warn. Without the label the built-in default is privileged, unless the cluster's
// AdmissionConfiguration says otherwise, which the repository does not show.

/** The label that makes the API server refuse pods that break its level. */
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** A Pod Security Standard level, as the enforce label names it. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

const LEVELS: ReadonlySet<string> = new Set<PodSecurityLevel>(['privileged', 'baseline', 'restricted']);

/** The level a Namespace object's enforce label names; undefined without one (or with a value no level has). */
export function enforcedLevel(namespace: KubeObject): PodSecurityLevel | undefined {
  // Untrusted YAML: labels may be anything but the map of strings the type says.
  const labels: unknown = namespace.metadata?.labels;
  const level = isMap(labels) ? labels[ENFORCE_LABEL] : undefined;
  return typeof level === 'string' && LEVELS.has(level) ? (level as PodSecurityLevel) : undefined;
}

/**
 * The standard a control belongs to: a baseline control is part of baseline and restricted, a
 * restricted control of restricted only.
 */
export type PodSecurityControl = 'baseline' | 'restricted';

/** Baseline "Capabilities": what a container may add under baseline; adding anything else breaks it. */
const BASELINE_ADDABLE: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Which control adding `capabilities` breaks: baseline when one is outside baseline's set, else restricted's. */
export const capabilitiesControl = (capabilities: readonly string[]): PodSecurityControl => (capabilities.some((cap) => !BASELINE_ADDABLE.has(cap)) ? 'baseline' : 'restricted');

/** How bad a broken control is where the pods land, and the sentence that says why. */
export interface PodSecurityAdmission {
  readonly severity: FindingSeverity;
  readonly note: string;
}

/**
 * A control broken in `namespace`, which enforces `level`: an error when the API server refuses
 * the pods for it, a warning when it admits them.
 */
export function podSecurityAdmission(control: PodSecurityControl, namespace: string, level: PodSecurityLevel | undefined): PodSecurityAdmission {
  const refuse = `${ENFORCE_LABEL}: restricted on Namespace ${namespace} would make the API server refuse them`;
  if (level === 'restricted' || (level === 'baseline' && control === 'baseline'))
    return { severity: 'error', note: `namespace ${namespace} enforces ${level} (${ENFORCE_LABEL}), so the API server refuses the pods` };
  if (level === 'baseline') return { severity: 'warning', note: `namespace ${namespace} enforces baseline, which admits this, so the pods are admitted; ${refuse}` };
  const why = level ? `${ENFORCE_LABEL}: ${level}` : `no Namespace ${namespace} with a ${ENFORCE_LABEL} label in the repository`;
  return { severity: 'warning', note: `namespace ${namespace} enforces no restricted level (${why}), so the pods are admitted; ${refuse}` };
}
