import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { namespace } from '../checks/support.js';
import { type Obj, checkStory, workloadFindings } from './story-render.js';
import { CONTAINER, DEPLOYMENT, POD, assertRendered, corednsPod } from './support.js';

const restricted = /Pod Security "restricted"/;

/** checkStory with `namespaces` among the cluster's objects: by default kube-system, enforcing restricted. */
const checkIn = (options: Parameters<typeof checkStory>[0] = {}, namespaces: readonly Obj[] = [namespace('kube-system', 'restricted')]) =>
  checkStory({
    ...options,
    plant: (objects) => {
      objects.cluster.push(...structuredClone(namespaces));
      options.plant?.(objects);
    },
  });
const plantInPod = (plant: (at: ReturnType<typeof corednsPod>) => void, namespaces?: readonly Obj[]) => checkIn({ plant: ({ rendered }) => plant(corednsPod(rendered)) }, namespaces);

describe('Pod Security "restricted" on the rendered CoreDNS pods', () => {
  test('workload-pss-host-process: a Windows HostProcess pod', () => {
    const result = plantInPod(({ pod }) => (pod.securityContext.windowsOptions = { hostProcess: true }));
    assertRendered(result, { code: 'workload-pss-host-process', severity: 'error', object: DEPLOYMENT, path: `${POD}.securityContext.windowsOptions.hostProcess`, message: restricted });
  });

  test('workload-pss-host-namespaces: hostNetwork', () => {
    const result = plantInPod(({ pod }) => (pod.hostNetwork = true));
    assertRendered(result, { code: 'workload-pss-host-namespaces', severity: 'error', object: DEPLOYMENT, path: `${POD}.hostNetwork`, message: /hostNetwork/ });
  });

  test('workload-pss-privileged: a privileged container', () => {
    const result = plantInPod(({ container }) => (container.securityContext.privileged = true));
    assertRendered(result, { code: 'workload-pss-privileged', severity: 'error', object: DEPLOYMENT, path: `${CONTAINER}.securityContext.privileged`, message: /container coredns is privileged/ });
  });

  test('workload-pss-capabilities-add: a values edit adds NET_ADMIN, outside the coredns allowance', () => {
    const result = checkIn({ values: (v) => v.securityContext.capabilities.add.push('NET_ADMIN') });
    assertRendered(result, {
      code: 'workload-pss-capabilities-add',
      severity: 'error',
      object: DEPLOYMENT,
      path: `${CONTAINER}.securityContext.capabilities.add`,
      message: /adds NET_ADMIN; restricted admits adding only NET_BIND_SERVICE \(allowed for coredns: NET_BIND_SERVICE\)/,
    });
    // NET_BIND_SERVICE itself stays a note.
    assert.ok(result.findings.some((f) => f.code === 'workload-pss-capabilities-allowed' && f.severity === 'info'));
  });

  test('workload-pss-capabilities-allowed: NET_BIND_SERVICE, which coredns is allowed, is a note', () => {
    const { findings } = checkIn();
    const notes = findings.filter((f) => f.code === 'workload-pss-capabilities-allowed');
    assert.deepEqual(
      notes.map((f) => [f.severity, f.object, f.path]),
      [['info', DEPLOYMENT, `${CONTAINER}.securityContext.capabilities.add`]],
    );
    assert.match(notes[0]!.message, /adds NET_BIND_SERVICE, which chart coredns is allowed/);
  });

  test('workload-pss-capabilities-drop: capabilities that do not drop ALL', () => {
    const result = plantInPod(({ container }) => (container.securityContext.capabilities.drop = ['NET_RAW']));
    assertRendered(result, { code: 'workload-pss-capabilities-drop', severity: 'error', object: DEPLOYMENT, path: `${CONTAINER}.securityContext.capabilities.drop`, message: restricted });
  });

  test('workload-pss-host-path: a hostPath volume', () => {
    let index = -1;
    const result = plantInPod(({ pod }) => (index = pod.volumes.push({ name: 'etc', hostPath: { path: '/etc' } }) - 1));
    assertRendered(result, { code: 'workload-pss-host-path', severity: 'error', object: DEPLOYMENT, path: `${POD}.volumes[${index}].hostPath`, message: /volume etc mounts a path of the node/ });
  });

  test('workload-pss-volume-types: an nfs volume', () => {
    let index = -1;
    const result = plantInPod(({ pod }) => (index = pod.volumes.push({ name: 'share', nfs: { server: 'nas', path: '/' } }) - 1));
    assertRendered(result, { code: 'workload-pss-volume-types', severity: 'error', object: DEPLOYMENT, path: `${POD}.volumes[${index}].nfs`, message: /type nfs/ });
  });

  test('workload-pss-host-ports: a hostPort', () => {
    const result = plantInPod(({ container }) => (container.ports[0].hostPort = 53));
    assertRendered(result, { code: 'workload-pss-host-ports', severity: 'error', object: DEPLOYMENT, path: `${CONTAINER}.ports[0].hostPort`, message: /host port 53/ });
  });

  test('workload-pss-apparmor: an Unconfined AppArmor profile', () => {
    const result = plantInPod(({ container }) => (container.securityContext.appArmorProfile = { type: 'Unconfined' }));
    assertRendered(result, { code: 'workload-pss-apparmor', severity: 'error', object: DEPLOYMENT, path: `${CONTAINER}.securityContext.appArmorProfile.type`, message: /Unconfined/ });
  });

  test('workload-pss-apparmor: the beta annotation set to unconfined', () => {
    const result = checkIn({
      plant: ({ rendered }) => {
        const { deployment } = corednsPod(rendered);
        deployment.spec.template.metadata.annotations = { ...deployment.spec.template.metadata.annotations, 'container.apparmor.security.beta.kubernetes.io/coredns': 'unconfined' };
      },
    });
    assertRendered(result, {
      code: 'workload-pss-apparmor',
      severity: 'error',
      object: DEPLOYMENT,
      path: 'spec.template.metadata.annotations.container.apparmor.security.beta.kubernetes.io/coredns',
      message: /unconfined/,
    });
  });

  test('workload-pss-selinux: a custom SELinux type on the pod', () => {
    const result = plantInPod(({ pod }) => (pod.securityContext.seLinuxOptions = { type: 'spc_t' }));
    assertRendered(result, { code: 'workload-pss-selinux', severity: 'error', object: DEPLOYMENT, path: `${POD}.securityContext.seLinuxOptions.type`, message: /spc_t/ });
  });

  test('workload-pss-proc-mount: an Unmasked /proc', () => {
    const result = plantInPod(({ container }) => (container.securityContext.procMount = 'Unmasked'));
    assertRendered(result, { code: 'workload-pss-proc-mount', severity: 'error', object: DEPLOYMENT, path: `${CONTAINER}.securityContext.procMount`, message: /Unmasked/ });
  });

  test('workload-pss-sysctls: an unsafe sysctl', () => {
    const result = plantInPod(({ pod }) => (pod.securityContext.sysctls = [{ name: 'net.core.somaxconn', value: '1024' }]));
    assertRendered(result, { code: 'workload-pss-sysctls', severity: 'error', object: DEPLOYMENT, path: `${POD}.securityContext.sysctls[0].name`, message: /net\.core\.somaxconn/ });
  });

  test('workload-pss-privilege-escalation: a values edit drops allowPrivilegeEscalation: false', () => {
    const result = checkIn({ values: (v) => (v.securityContext.allowPrivilegeEscalation = true) });
    assertRendered(result, { code: 'workload-pss-privilege-escalation', severity: 'error', object: DEPLOYMENT, path: `${CONTAINER}.securityContext.allowPrivilegeEscalation`, message: restricted });
  });

  test('workload-pss-run-as-non-root: a values edit removes the pod-level runAsNonRoot', () => {
    const result = checkIn({ values: (v) => delete v.podSecurityContext.runAsNonRoot });
    assertRendered(result, { code: 'workload-pss-run-as-non-root', severity: 'error', object: DEPLOYMENT, path: `${POD}.securityContext.runAsNonRoot`, message: /neither on the pod nor on coredns/ });
  });

  test('workload-pss-run-as-non-root: a container that sets false overrides the pod', () => {
    const result = plantInPod(({ container }) => (container.securityContext.runAsNonRoot = false));
    assertRendered(result, {
      code: 'workload-pss-run-as-non-root',
      severity: 'error',
      object: DEPLOYMENT,
      path: `${CONTAINER}.securityContext.runAsNonRoot`,
      message: /container coredns sets runAsNonRoot: false/,
    });
  });

  test('runAsNonRoot and seccompProfile set on every container instead of the pod meet restricted', () => {
    const result = plantInPod(({ pod, container }) => {
      container.securityContext.runAsNonRoot = true;
      container.securityContext.seccompProfile = { type: 'RuntimeDefault' };
      delete pod.securityContext.runAsNonRoot;
      delete pod.securityContext.seccompProfile;
    });
    assert.deepEqual(workloadFindings(result), []);
  });

  test('workload-pss-run-as-root: runAsUser 0 in the container', () => {
    const result = plantInPod(({ container }) => (container.securityContext.runAsUser = 0));
    assertRendered(result, { code: 'workload-pss-run-as-root', severity: 'error', object: DEPLOYMENT, path: `${CONTAINER}.securityContext.runAsUser`, message: /runAsUser: 0/ });
  });

  test('workload-pss-seccomp: a values edit removes the pod-level seccompProfile', () => {
    const result = checkIn({ values: (v) => delete v.podSecurityContext.seccompProfile });
    assertRendered(result, { code: 'workload-pss-seccomp', severity: 'error', object: DEPLOYMENT, path: `${POD}.securityContext.seccompProfile`, message: /neither on the pod nor on coredns/ });
  });

  test('workload-pss-seccomp: an Unconfined container beside a RuntimeDefault pod', () => {
    const result = plantInPod(({ container }) => (container.securityContext.seccompProfile = { type: 'Unconfined' }));
    assertRendered(result, { code: 'workload-pss-seccomp', severity: 'error', object: DEPLOYMENT, path: `${CONTAINER}.securityContext.seccompProfile.type`, message: /Unconfined/ });
  });

  test('the summary line says NOT restricted when Pod Security fails, counting warnings too (hardening is not admission)', () => {
    const { helmReleases, findings } = checkStory({ values: (v) => delete v.podSecurityContext.seccompProfile });
    assert.deepEqual(
      workloadFindings({ helmReleases, findings }).map((f) => [f.code, f.severity]),
      [['workload-pss-seccomp', 'warning']],
    );
    assert.match(helmReleases[0]!.securityContext ?? '', /^NOT restricted \(1 Pod Security violation\): Deployment\/coredns: runAsNonRoot, runAsUser 65532, seccomp unset,/);
  });
});

describe('rendered Pod Security findings follow the level the namespace enforces', () => {
  const noSeccomp = { values: (v: Obj) => delete v.podSecurityContext.seccompProfile };
  const seccomp = { code: 'workload-pss-seccomp', object: DEPLOYMENT, path: `${POD}.securityContext.seccompProfile`, message: restricted } as const;

  test('the same missing seccompProfile: an error where kube-system enforces restricted', () => {
    const finding = assertRendered(checkIn(noSeccomp), { ...seccomp, severity: 'error' });
    assert.match(finding.message, /namespace kube-system enforces restricted \(pod-security\.kubernetes\.io\/enforce\), so the API server refuses the pods$/);
  });

  test('the same missing seccompProfile: a warning without a Namespace object, naming the namespace and the label', () => {
    const finding = assertRendered(checkIn(noSeccomp, []), { ...seccomp, severity: 'warning' });
    assert.match(
      finding.message,
      /namespace kube-system enforces no restricted level \(no Namespace kube-system with a pod-security\.kubernetes\.io\/enforce label in the repository\), so the pods are admitted; pod-security\.kubernetes\.io\/enforce: restricted on Namespace kube-system would make the API server refuse them$/,
    );
  });

  test('the same missing seccompProfile: a warning under a Namespace without the label, or enforcing privileged', () => {
    assertRendered(checkIn(noSeccomp, [namespace('kube-system', undefined, { 'pod-security.kubernetes.io/warn': 'restricted' })]), { ...seccomp, severity: 'warning' });
    const finding = assertRendered(checkIn(noSeccomp, [namespace('kube-system', 'privileged')]), { ...seccomp, severity: 'warning' });
    assert.match(finding.message, /\(pod-security\.kubernetes\.io\/enforce: privileged\), so the pods are admitted/);
  });

  test('enforce baseline: a baseline control (hostNetwork) is an error, a restricted-only one (seccomp) a warning', () => {
    const result = checkIn(
      {
        ...noSeccomp,
        plant: ({ rendered }) => (corednsPod(rendered).pod.hostNetwork = true),
      },
      [namespace('kube-system', 'baseline')],
    );
    const findings = workloadFindings(result);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, f.path]),
      [
        ['workload-pss-host-namespaces', 'error', `${POD}.hostNetwork`],
        ['workload-pss-seccomp', 'warning', `${POD}.securityContext.seccompProfile`],
      ],
      JSON.stringify(findings, null, 1),
    );
    assert.match(findings[0]!.message, /namespace kube-system enforces baseline \(pod-security\.kubernetes\.io\/enforce\), so the API server refuses the pods$/);
    assert.match(findings[1]!.message, /namespace kube-system enforces baseline, which admits this, so the pods are admitted/);
  });

  test('enforce baseline: adding SYS_ADMIN (outside the baseline set) is an error, CHOWN (inside it) a warning', () => {
    const adding = (cap: string) => checkIn({ values: (v) => v.securityContext.capabilities.add.push(cap) }, [namespace('kube-system', 'baseline')]);
    const add = { code: 'workload-pss-capabilities-add', object: DEPLOYMENT, path: `${CONTAINER}.securityContext.capabilities.add` } as const;
    assertRendered(adding('SYS_ADMIN'), { ...add, severity: 'error', message: /adds SYS_ADMIN; restricted admits adding only NET_BIND_SERVICE/ });
    assertRendered(adding('CHOWN'), { ...add, severity: 'warning', message: /adds CHOWN; restricted admits adding only NET_BIND_SERVICE/ });
  });

  test("the level is that of the namespace the pods land in: a Deployment rendered into another namespace takes that namespace's", () => {
    const result = checkIn({ ...noSeccomp, plant: ({ rendered }) => (corednsPod(rendered).deployment.metadata.namespace = 'dns') }, [
      namespace('kube-system', 'restricted'),
      namespace('dns', 'baseline'),
    ]);
    // The Services and PDB left in kube-system select nothing now; only Pod Security matters here.
    const pss = result.findings.filter((f) => f.code.startsWith('workload-pss-') && f.severity !== 'info');
    assert.deepEqual(
      pss.map((f) => [f.code, f.severity, f.object]),
      [['workload-pss-seccomp', 'warning', 'Deployment/dns/coredns']],
    );
    assert.match(pss[0]!.message, /namespace dns enforces baseline, which admits this/);
  });
});
