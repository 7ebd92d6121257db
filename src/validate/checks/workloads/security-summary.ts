import { allowedCapabilities } from './capability-allowances.js';
import { type RenderedRelease, containersOf, podTemplates } from './rendered-release.js';
import { type Obj, mapOf } from './private/shape.js';

/** Whether every container says so: "all", or the containers that do not. */
const everyContainer = (containers: readonly { name: string; sc: Obj }[], holds: (sc: Obj) => boolean): string | true => {
  const failing = containers.filter((c) => !holds(c.sc)).map((c) => c.name);
  return failing.length === 0 || failing.join(', ');
};

/** One workload's security context in words: what it runs as and what it may do. */
function describePod(release: RenderedRelease, pod: ReturnType<typeof podTemplates>[number]): string {
  const podSc = mapOf(pod.spec.securityContext);
  const containers = containersOf(pod).map((c) => ({ name: c.name, sc: mapOf(c.container.securityContext) }));
  const effective = (sc: Obj, key: string): unknown => sc[key] ?? podSc[key];
  const parts: string[] = [];
  const nonRoot = everyContainer(containers, (sc) => effective(sc, 'runAsNonRoot') === true);
  parts.push(nonRoot === true ? 'runAsNonRoot' : `runAsNonRoot missing (${nonRoot})`);
  const users = [...new Set(containers.map((c) => effective(c.sc, 'runAsUser')).filter((u) => u !== undefined))];
  if (users.length > 0) parts.push(`runAsUser ${users.join('/')}`);
  const seccomp = [...new Set(containers.map((c) => String(mapOf(effective(c.sc, 'seccompProfile')).type ?? 'unset')))];
  parts.push(`seccomp ${seccomp.join('/')}`);
  const escalation = everyContainer(containers, (sc) => sc.allowPrivilegeEscalation === false);
  parts.push(escalation === true ? 'no privilege escalation' : `privilege escalation allowed (${escalation})`);
  const drop = everyContainer(containers, (sc) => {
    const list = mapOf(sc.capabilities).drop;
    return Array.isArray(list) && list.includes('ALL');
  });
  const added = [...new Set(containers.flatMap((c) => (Array.isArray(mapOf(c.sc.capabilities).add) ? (mapOf(c.sc.capabilities).add as unknown[]).map(String) : [])))];
  const allowed = allowedCapabilities(release.chart);
  parts.push(
    `${drop === true ? 'capabilities drop ALL' : `capabilities not dropped (${drop})`}${
      added.length > 0 ? `, add ${added.map((cap) => (allowed.includes(cap) ? `${cap} (allowed)` : `${cap} (not allowed)`)).join(', ')}` : ''
    }`,
  );
  const readOnly = everyContainer(containers, (sc) => sc.readOnlyRootFilesystem === true);
  parts.push(readOnly === true ? 'read-only root filesystem' : `writable root filesystem (${readOnly})`);
  return `${String(pod.owner.kind)}/${String(mapOf(pod.owner.metadata).name)}: ${parts.join(', ')}`;
}

/**
 * The report line for one release's hardening: whether its pods meet Pod Security "restricted"
 * (from the controls they break, errors or warnings alike: hardening is not about admission) and,
 * per workload, the security context they run with.
 */
export function securitySummary(release: RenderedRelease, podSecurityViolations: number): string {
  const pods = podTemplates(release.objects, release.namespace);
  if (pods.length === 0) return 'no pods rendered';
  const verdict = podSecurityViolations === 0 ? 'hardened (Pod Security "restricted")' : `NOT restricted (${podSecurityViolations} Pod Security violation${podSecurityViolations === 1 ? '' : 's'})`;
  return `${verdict}: ${pods.map((pod) => describePod(release, pod)).join('; ')}`;
}
