import type { ClusterIndex } from './cluster-context.js';
import type { ProfiledRelease } from './helm-release-checks.js';
import { type PodSecurityControl, capabilitiesControl, podSecurityAdmission } from './pod-security-admission.js';
import { type SecurityContext, isMap, listOf } from '../objects/kube-objects.js';

/** The container's securityContext and the pod's, as the chart's values set them. */
export function securityContexts(release: ProfiledRelease): { pod: SecurityContext; ctr: SecurityContext } {
  const { merged } = release;
  return { pod: isMap(merged.podSecurityContext) ? merged.podSecurityContext : {}, ctr: isMap(merged.securityContext) ? merged.securityContext : {} };
}

/**
 * Pod Security Standard "restricted" for the pod these values produce. A broken control is an
 * error only where the API server refuses the pods for it: in the release's target namespace,
 * which must enforce restricted (or baseline, for a baseline control); elsewhere a warning.
 */
export function checkPodSecurity(release: ProfiledRelease, index: ClusterIndex): void {
  const { pod, ctr } = securityContexts(release);
  const namespace = release.targetNamespace;
  const level = index.podSecurityEnforced(namespace);
  const pss = (code: string, control: PodSecurityControl, path: string, message: string, fix: string) => {
    const { severity, note } = podSecurityAdmission(control, namespace, level);
    release.report(code, severity, `spec.values.${path}`, `Pod Security "restricted": ${message}; ${note}`, fix);
  };
  if ((ctr.runAsNonRoot ?? pod.runAsNonRoot) !== true)
    pss('pss-run-as-non-root', 'restricted', 'podSecurityContext.runAsNonRoot', 'runAsNonRoot is not true', "set podSecurityContext.runAsNonRoot: true (and runAsUser: 65532, the image's user)");
  if ((ctr.runAsUser ?? pod.runAsUser) === 0) pss('pss-run-as-root', 'restricted', 'podSecurityContext.runAsUser', 'runAsUser is 0', "use the image's non-root user, 65532");
  const seccomp = (ctr.seccompProfile ?? pod.seccompProfile)?.type;
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
    pss('pss-seccomp', 'restricted', 'podSecurityContext.seccompProfile', `seccompProfile is ${seccomp ?? 'not set'}`, 'set podSecurityContext.seccompProfile.type: RuntimeDefault');
  if (ctr.allowPrivilegeEscalation !== false)
    pss('pss-privilege-escalation', 'restricted', 'securityContext.allowPrivilegeEscalation', 'allowPrivilegeEscalation is not false', 'set securityContext.allowPrivilegeEscalation: false');
  if (ctr.privileged === true) pss('pss-privileged', 'baseline', 'securityContext.privileged', 'the container is privileged', 'remove securityContext.privileged');
  if (!listOf(ctr.capabilities?.drop).includes('ALL'))
    pss('pss-capabilities-drop', 'restricted', 'securityContext.capabilities.drop', 'capabilities do not drop ALL', 'set securityContext.capabilities.drop: [ALL]');
  const extra = listOf<unknown>(ctr.capabilities?.add)
    .map(String)
    .filter((cap) => cap !== 'NET_BIND_SERVICE');
  if (extra.length > 0) pss('pss-capabilities-add', capabilitiesControl(extra), 'securityContext.capabilities.add', `adds ${extra.join(', ')}`, 'add only NET_BIND_SERVICE');
}
