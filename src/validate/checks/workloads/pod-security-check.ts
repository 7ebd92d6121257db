import { allowedCapabilities } from './capability-allowances.js';
import { type ContainerAt, type PodTemplate, type RenderedRelease, containersOf, podTemplates } from './rendered-release.js';
import { type Obj, mapAt, mapOf, mapsOf } from './private/shape.js';
import { type PodSecurityControl, capabilitiesControl, podSecurityAdmission } from '../pod-security-admission.js';

// The Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards), in
// their words: the allowed values of each control, baseline then restricted.
/** Baseline "Capabilities" and restricted: restricted admits adding only this one. */
const RESTRICTED_ADDABLE = 'NET_BIND_SERVICE';
/** Baseline "Sysctls": the safe set. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
/** Baseline "SELinux": the allowed types (user and role must be unset). */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
/** Restricted "Volume Types": the only volume sources. */
const VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

const RESTRICTED = 'Pod Security "restricted"';

/** Files one broken control of a pod: as bad as the API server makes it in the pod's namespace. */
type PodSecurityReport = (code: string, control: PodSecurityControl, path: string, message: string, fix: string) => void;

/**
 * Each control of Pod Security "restricted" (which includes baseline) on every pod template a
 * release renders. A broken control is an error where the pod's namespace enforces a level that
 * holds it (ClusterIndex.podSecurityEnforced), else a warning. Returns how many controls broke.
 */
export function checkPodSecurity(release: RenderedRelease): number {
  let broken = 0;
  for (const pod of podTemplates(release.objects, release.namespace)) {
    const level = release.podSecurityEnforced(pod.namespace);
    const pss: PodSecurityReport = (code, control, path, message, fix) => {
      broken++;
      const { severity, note } = podSecurityAdmission(control, pod.namespace, level);
      release.report(code, severity, pod.owner, path, `${RESTRICTED}: ${message}; ${note}`, fix);
    };
    checkPod(release, pod, pss);
  }
  return broken;
}

function checkPod(release: RenderedRelease, pod: PodTemplate, pss: PodSecurityReport): void {
  const { spec, path: p } = pod;
  const podSc = mapOf(spec.securityContext);
  const containers = containersOf(pod);
  const sc = (c: ContainerAt) => mapOf(c.container.securityContext);
  // Privilege escalation, seccomp and capabilities are Linux controls; PSS skips them for spec.os.name windows.
  const linux = mapOf(spec.os).name !== 'windows';

  // Baseline: HostProcess.
  if (mapOf(podSc.windowsOptions).hostProcess === true)
    pss('workload-pss-host-process', 'baseline', `${p}.securityContext.windowsOptions.hostProcess`, 'the pod runs as a Windows HostProcess', 'remove windowsOptions.hostProcess');
  for (const c of containers)
    if (mapOf(sc(c).windowsOptions).hostProcess === true)
      pss('workload-pss-host-process', 'baseline', `${c.path}.securityContext.windowsOptions.hostProcess`, `container ${c.name} runs as a Windows HostProcess`, 'remove windowsOptions.hostProcess');

  // Baseline: Host Namespaces.
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (spec[field] === true) pss('workload-pss-host-namespaces', 'baseline', `${p}.${field}`, `${field} is true: the pod shares the node's namespace`, `remove ${field} (or set it false)`);

  // Baseline: Privileged Containers.
  for (const c of containers)
    if (sc(c).privileged === true) pss('workload-pss-privileged', 'baseline', `${c.path}.securityContext.privileged`, `container ${c.name} is privileged`, 'remove securityContext.privileged');

  checkCapabilities(release, pod, containers, linux, pss);

  // Baseline: HostPath Volumes; restricted: Volume Types.
  mapsOf(spec.volumes).forEach((volume, i) => {
    if (volume.hostPath !== undefined) {
      pss(
        'workload-pss-host-path',
        'baseline',
        `${p}.volumes[${i}].hostPath`,
        `volume ${String(volume.name)} mounts a path of the node`,
        'use a configMap, secret, emptyDir or persistentVolumeClaim volume',
      );
      return;
    }
    const sources = Object.keys(volume).filter((key) => key !== 'name');
    const other = sources.filter((key) => !VOLUME_TYPES.has(key));
    if (other.length > 0)
      pss('workload-pss-volume-types', 'restricted', `${p}.volumes[${i}].${other[0]}`, `volume ${String(volume.name)} is of type ${other.join(', ')}`, `use one of ${[...VOLUME_TYPES].join(', ')}`);
  });

  // Baseline: Host Ports.
  for (const c of containers)
    mapsOf(c.container.ports).forEach((port, j) => {
      if (port.hostPort !== undefined && port.hostPort !== 0)
        pss(
          'workload-pss-host-ports',
          'baseline',
          `${c.path}.ports[${j}].hostPort`,
          `container ${c.name} binds host port ${String(port.hostPort)}`,
          'remove hostPort; reach the pod through a Service',
        );
    });

  // Baseline: AppArmor (the field, and the beta annotation on the pod).
  const apparmor = (profile: unknown) => profile === undefined || APPARMOR_TYPES.has(String(mapOf(profile).type));
  if (!apparmor(podSc.appArmorProfile))
    pss('workload-pss-apparmor', 'baseline', `${p}.securityContext.appArmorProfile.type`, `AppArmor profile is ${String(mapOf(podSc.appArmorProfile).type)}`, 'use RuntimeDefault or Localhost');
  for (const c of containers)
    if (!apparmor(sc(c).appArmorProfile))
      pss(
        'workload-pss-apparmor',
        'baseline',
        `${c.path}.securityContext.appArmorProfile.type`,
        `container ${c.name}'s AppArmor profile is ${String(mapOf(sc(c).appArmorProfile).type)}`,
        'use RuntimeDefault or Localhost',
      );
  for (const [key, value] of Object.entries(pod.annotations))
    if (key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !value.startsWith('localhost/'))
      pss('workload-pss-apparmor', 'baseline', `${p.replace(/spec$/, 'metadata')}.annotations.${key}`, `AppArmor annotation ${key} is ${value}`, 'use runtime/default or localhost/<profile>');

  // Baseline: SELinux.
  const selinux = (options: unknown, where: string, who: string) => {
    if (options === undefined) return;
    const o = mapOf(options);
    if (o.type !== undefined && !SELINUX_TYPES.has(String(o.type)))
      pss('workload-pss-selinux', 'baseline', `${where}.seLinuxOptions.type`, `${who} SELinux type ${String(o.type)} is not a container type`, 'use container_t (or leave it unset)');
    for (const field of ['user', 'role'])
      if (o[field] !== undefined && o[field] !== '') pss('workload-pss-selinux', 'baseline', `${where}.seLinuxOptions.${field}`, `${who} sets SELinux ${field}`, `remove seLinuxOptions.${field}`);
  };
  selinux(podSc.seLinuxOptions, `${p}.securityContext`, 'the pod');
  for (const c of containers) selinux(sc(c).seLinuxOptions, `${c.path}.securityContext`, `container ${c.name}'s`);

  // Baseline: /proc Mount Type.
  for (const c of containers)
    if (sc(c).procMount !== undefined && sc(c).procMount !== 'Default')
      pss('workload-pss-proc-mount', 'baseline', `${c.path}.securityContext.procMount`, `container ${c.name} uses procMount ${String(sc(c).procMount)}`, 'remove procMount (Default)');

  // Baseline: Sysctls.
  mapsOf(podSc.sysctls).forEach((sysctl, i) => {
    if (!SAFE_SYSCTLS.has(String(sysctl.name)))
      pss('workload-pss-sysctls', 'baseline', `${p}.securityContext.sysctls[${i}].name`, `sysctl ${String(sysctl.name)} is not in the safe set`, 'remove it, or set it on the node');
  });

  // Restricted: Privilege Escalation.
  if (linux)
    for (const c of containers)
      if (sc(c).allowPrivilegeEscalation !== false)
        pss(
          'workload-pss-privilege-escalation',
          'restricted',
          `${c.path}.securityContext.allowPrivilegeEscalation`,
          `container ${c.name} does not set allowPrivilegeEscalation: false`,
          'set securityContext.allowPrivilegeEscalation: false',
        );

  // Restricted: Running as Non-root. The pod's true covers containers that leave it unset; an
  // explicit false anywhere fails.
  const podNonRoot = podSc.runAsNonRoot;
  if (podNonRoot !== undefined && podNonRoot !== true)
    pss('workload-pss-run-as-non-root', 'restricted', `${p}.securityContext.runAsNonRoot`, `the pod sets runAsNonRoot: ${String(podNonRoot)}`, 'set securityContext.runAsNonRoot: true');
  const unsetNonRoot: string[] = [];
  for (const c of containers) {
    const value = sc(c).runAsNonRoot;
    if (value === undefined) {
      if (podNonRoot !== true) unsetNonRoot.push(c.name);
    } else if (value !== true)
      pss(
        'workload-pss-run-as-non-root',
        'restricted',
        `${c.path}.securityContext.runAsNonRoot`,
        `container ${c.name} sets runAsNonRoot: ${String(value)}`,
        "set runAsNonRoot: true, or remove it to take the pod's",
      );
  }
  if (unsetNonRoot.length > 0 && podNonRoot === undefined)
    pss(
      'workload-pss-run-as-non-root',
      'restricted',
      `${p}.securityContext.runAsNonRoot`,
      `runAsNonRoot is set neither on the pod nor on ${unsetNonRoot.join(', ')}`,
      "set the pod's securityContext.runAsNonRoot: true",
    );

  // Restricted: Running as Non-root user.
  if (podSc.runAsUser === 0) pss('workload-pss-run-as-root', 'restricted', `${p}.securityContext.runAsUser`, 'the pod sets runAsUser: 0', "use the image's non-root user");
  for (const c of containers)
    if (sc(c).runAsUser === 0) pss('workload-pss-run-as-root', 'restricted', `${c.path}.securityContext.runAsUser`, `container ${c.name} sets runAsUser: 0`, "use the image's non-root user");

  // Restricted: Seccomp. The pod's profile covers containers that leave it unset; a profile set
  // anywhere must be RuntimeDefault or Localhost.
  if (linux) {
    const typeOf = (context: Obj) => mapAt(context, 'seccompProfile')?.type;
    const podType = podSc.seccompProfile === undefined ? undefined : typeOf(podSc);
    const invalid = (type: unknown) => !SECCOMP_TYPES.has(String(type));
    if (podSc.seccompProfile !== undefined && invalid(podType))
      pss(
        'workload-pss-seccomp',
        'restricted',
        `${p}.securityContext.seccompProfile.type`,
        `the pod's seccompProfile is ${String(podType)}`,
        'set securityContext.seccompProfile.type: RuntimeDefault',
      );
    const unset: string[] = [];
    for (const c of containers) {
      if (sc(c).seccompProfile === undefined) {
        if (podSc.seccompProfile === undefined) unset.push(c.name);
      } else if (invalid(typeOf(sc(c))))
        pss(
          'workload-pss-seccomp',
          'restricted',
          `${c.path}.securityContext.seccompProfile.type`,
          `container ${c.name}'s seccompProfile is ${String(typeOf(sc(c)))}`,
          "set seccompProfile.type: RuntimeDefault, or remove it to take the pod's",
        );
    }
    if (unset.length > 0)
      pss(
        'workload-pss-seccomp',
        'restricted',
        `${p}.securityContext.seccompProfile`,
        `seccompProfile is set neither on the pod nor on ${unset.join(', ')}`,
        "set the pod's securityContext.seccompProfile.type: RuntimeDefault",
      );
  }
}

/**
 * Baseline and restricted: Capabilities. The chart's allowance decides what may be added: adding
 * beyond it while within restricted (NET_BIND_SERVICE) is this tool's rule, which no API server
 * enforces, so always a warning and no broken control.
 */
function checkCapabilities(release: RenderedRelease, pod: PodTemplate, containers: readonly ContainerAt[], linux: boolean, pss: PodSecurityReport): void {
  const allowed = allowedCapabilities(release.chart);
  for (const c of containers) {
    const capabilities = mapOf(mapOf(c.container.securityContext).capabilities);
    const path = `${c.path}.securityContext.capabilities`;
    if (linux && !(Array.isArray(capabilities.drop) && capabilities.drop.includes('ALL')))
      pss('workload-pss-capabilities-drop', 'restricted', `${path}.drop`, `container ${c.name} does not drop ALL capabilities`, 'set securityContext.capabilities.drop: [ALL]');
    const added = Array.isArray(capabilities.add) ? capabilities.add.map(String) : [];
    const inside = added.filter((cap) => allowed.includes(cap));
    const outside = added.filter((cap) => !allowed.includes(cap));
    const beyondPss = outside.filter((cap) => cap !== RESTRICTED_ADDABLE);
    const allowedFor = `(allowed for ${release.chart || 'this chart'}: ${allowed.join(', ') || 'none'})`;
    const fix = allowed.length > 0 ? `add only ${allowed.join(', ')}` : "remove capabilities.add, or name the capability in the chart's allowance (capability-allowances.ts)";
    if (beyondPss.length > 0)
      pss(
        'workload-pss-capabilities-add',
        capabilitiesControl(beyondPss),
        `${path}.add`,
        `container ${c.name} adds ${outside.join(', ')}; restricted admits adding only ${RESTRICTED_ADDABLE} ${allowedFor}`,
        fix,
      );
    else if (outside.length > 0)
      release.report(
        'workload-pss-capabilities-add',
        'warning',
        pod.owner,
        `${path}.add`,
        `container ${c.name} adds ${outside.join(', ')}; chart ${release.chart || '(unknown)'} has no allowance for it ${allowedFor}; Pod Security "restricted" admits it, so no API server refuses the pods`,
        fix,
      );
    if (inside.length > 0)
      release.report(
        'workload-pss-capabilities-allowed',
        'info',
        pod.owner,
        `${path}.add`,
        `container ${c.name} adds ${inside.join(', ')}, which chart ${release.chart} is allowed`,
        'nothing to do; drop it from capabilities.add if the container no longer needs it',
      );
  }
}
