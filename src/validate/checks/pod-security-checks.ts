import type { ProfiledRelease } from './helm-release-checks.js';
import { type SecurityContext, isMap, listOf } from '../objects/kube-objects.js';

/** The container's securityContext and the pod's, as the chart's values set them. */
export function securityContexts(release: ProfiledRelease): { pod: SecurityContext; ctr: SecurityContext } {
  const { merged } = release;
  return { pod: isMap(merged.podSecurityContext) ? merged.podSecurityContext : {}, ctr: isMap(merged.securityContext) ? merged.securityContext : {} };
}

/** Pod Security Standard "restricted" for the pod these values produce. */
export function checkPodSecurity(release: ProfiledRelease): void {
  const { pod, ctr } = securityContexts(release);
  const pss = (code: string, path: string, message: string, fix: string) => release.report(code, 'error', `spec.values.${path}`, `Pod Security "restricted": ${message}`, fix);
  if ((ctr.runAsNonRoot ?? pod.runAsNonRoot) !== true)
    pss('pss-run-as-non-root', 'podSecurityContext.runAsNonRoot', 'runAsNonRoot is not true', "set podSecurityContext.runAsNonRoot: true (and runAsUser: 65532, the image's user)");
  if ((ctr.runAsUser ?? pod.runAsUser) === 0) pss('pss-run-as-root', 'podSecurityContext.runAsUser', 'runAsUser is 0', "use the image's non-root user, 65532");
  const seccomp = (ctr.seccompProfile ?? pod.seccompProfile)?.type;
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
    pss('pss-seccomp', 'podSecurityContext.seccompProfile', `seccompProfile is ${seccomp ?? 'not set'}`, 'set podSecurityContext.seccompProfile.type: RuntimeDefault');
  if (ctr.allowPrivilegeEscalation !== false)
    pss('pss-privilege-escalation', 'securityContext.allowPrivilegeEscalation', 'allowPrivilegeEscalation is not false', 'set securityContext.allowPrivilegeEscalation: false');
  if (ctr.privileged === true) pss('pss-privileged', 'securityContext.privileged', 'the container is privileged', 'remove securityContext.privileged');
  if (!listOf(ctr.capabilities?.drop).includes('ALL'))
    pss('pss-capabilities-drop', 'securityContext.capabilities.drop', 'capabilities do not drop ALL', 'set securityContext.capabilities.drop: [ALL]');
  const extra = listOf(ctr.capabilities?.add).filter((cap) => cap !== 'NET_BIND_SERVICE');
  if (extra.length > 0) pss('pss-capabilities-add', 'securityContext.capabilities.add', `adds ${extra.join(', ')}`, 'add only NET_BIND_SERVICE');
}
