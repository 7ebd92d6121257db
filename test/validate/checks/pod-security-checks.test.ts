import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Obj, assertOnly, check, coreDnsObjects, namespace } from './support.js';

const restricted = /^Pod Security "restricted"/;
const refused = /namespace kube-system enforces restricted \(pod-security\.kubernetes\.io\/enforce\), so the API server refuses the pods$/;

/**
 * The CoreDNS objects (release in kube-system) with the values changed by `change`, and the
 * Namespace objects given (by default kube-system enforcing restricted), checked.
 */
const withValues = (change: (values: Obj) => void, namespaces: readonly Obj[] = [namespace('kube-system', 'restricted')]) =>
  check([...namespaces, ...coreDnsObjects((o) => change(o.release.spec.values))]);

const noSeccomp = (v: Obj) => delete v.podSecurityContext.seccompProfile;

// Each control, where kube-system enforces restricted: the API server refuses the pods.
describe('Pod Security Standard "restricted"', () => {
  test('pss-run-as-non-root: runAsNonRoot not set', () => {
    const finding = assertOnly(
      withValues((v) => delete v.podSecurityContext.runAsNonRoot),
      { code: 'pss-run-as-non-root', severity: 'error', path: 'spec.values.podSecurityContext.runAsNonRoot', message: restricted },
    );
    assert.match(finding.message, refused);
  });

  test('pss-run-as-root: runAsUser 0 in the container', () => {
    assertOnly(
      withValues((v) => (v.securityContext.runAsUser = 0)),
      { code: 'pss-run-as-root', severity: 'error', path: 'spec.values.podSecurityContext.runAsUser', message: restricted },
    );
  });

  test('pss-seccomp: no seccompProfile', () => {
    assertOnly(withValues(noSeccomp), { code: 'pss-seccomp', severity: 'error', path: 'spec.values.podSecurityContext.seccompProfile', message: /not set/ });
  });

  test('pss-privilege-escalation: allowPrivilegeEscalation true', () => {
    assertOnly(
      withValues((v) => (v.securityContext.allowPrivilegeEscalation = true)),
      { code: 'pss-privilege-escalation', severity: 'error', path: 'spec.values.securityContext.allowPrivilegeEscalation', message: restricted },
    );
  });

  test('pss-privileged: a privileged container', () => {
    assertOnly(
      withValues((v) => (v.securityContext.privileged = true)),
      { code: 'pss-privileged', severity: 'error', path: 'spec.values.securityContext.privileged', message: /privileged/ },
    );
  });

  test('pss-capabilities-drop: capabilities that do not drop ALL', () => {
    assertOnly(
      withValues((v) => (v.securityContext.capabilities.drop = ['NET_RAW'])),
      { code: 'pss-capabilities-drop', severity: 'error', path: 'spec.values.securityContext.capabilities.drop', message: restricted },
    );
  });

  test('pss-capabilities-add: a capability beyond NET_BIND_SERVICE', () => {
    assertOnly(
      withValues((v) => v.securityContext.capabilities.add.push('NET_ADMIN')),
      { code: 'pss-capabilities-add', severity: 'error', path: 'spec.values.securityContext.capabilities.add', message: /adds NET_ADMIN/ },
    );
  });
});

describe('Pod Security findings follow the level the namespace enforces', () => {
  const seccomp = { code: 'pss-seccomp', path: 'spec.values.podSecurityContext.seccompProfile', message: restricted } as const;

  test('no Namespace object for kube-system: a warning that says the pods are admitted and which label would refuse them', () => {
    const finding = assertOnly(withValues(noSeccomp, []), { ...seccomp, severity: 'warning' });
    assert.match(
      finding.message,
      /seccompProfile is not set; namespace kube-system enforces no restricted level \(no Namespace kube-system with a pod-security\.kubernetes\.io\/enforce label in the repository\), so the pods are admitted; pod-security\.kubernetes\.io\/enforce: restricted on Namespace kube-system would make the API server refuse them$/,
    );
  });

  test('a Namespace without the enforce label, or with only warn and audit labels: a warning', () => {
    const labels = { 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted' };
    for (const ns of [namespace('kube-system'), namespace('kube-system', undefined, labels)]) {
      const finding = assertOnly(withValues(noSeccomp, [ns]), { ...seccomp, severity: 'warning' });
      assert.match(finding.message, /enforces no restricted level \(no Namespace kube-system with a pod-security\.kubernetes\.io\/enforce label/);
    }
  });

  test('enforce privileged: a warning naming the label', () => {
    const finding = assertOnly(withValues(noSeccomp, [namespace('kube-system', 'privileged')]), { ...seccomp, severity: 'warning' });
    assert.match(finding.message, /enforces no restricted level \(pod-security\.kubernetes\.io\/enforce: privileged\), so the pods are admitted/);
  });

  test('a label value that names no level (the API server refuses such a Namespace) enforces nothing here: a warning', () => {
    const finding = assertOnly(withValues(noSeccomp, [namespace('kube-system', 'Restricted')]), { ...seccomp, severity: 'warning' });
    assert.match(finding.message, /enforces no restricted level \(no Namespace kube-system with a pod-security\.kubernetes\.io\/enforce label/);
  });

  test('enforce baseline: a baseline control (privileged) is an error, a restricted-only one (seccomp) a warning', () => {
    const findings = withValues(
      (v) => {
        v.securityContext.privileged = true;
        noSeccomp(v);
      },
      [namespace('kube-system', 'baseline')],
    );
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity]),
      [
        ['pss-seccomp', 'warning'],
        ['pss-privileged', 'error'],
      ],
      JSON.stringify(findings, null, 1),
    );
    assert.match(findings[0]!.message, /namespace kube-system enforces baseline, which admits this, so the pods are admitted/);
    assert.match(findings[1]!.message, /namespace kube-system enforces baseline \(pod-security\.kubernetes\.io\/enforce\), so the API server refuses the pods/);
  });

  test('enforce baseline: adding a capability outside the baseline set (SYS_ADMIN) is an error, one inside it (CHOWN) a warning', () => {
    const added = (cap: string) => withValues((v) => v.securityContext.capabilities.add.push(cap), [namespace('kube-system', 'baseline')]);
    assertOnly(added('SYS_ADMIN'), { code: 'pss-capabilities-add', severity: 'error', path: 'spec.values.securityContext.capabilities.add', message: /adds SYS_ADMIN/ });
    assertOnly(added('CHOWN'), { code: 'pss-capabilities-add', severity: 'warning', path: 'spec.values.securityContext.capabilities.add', message: /adds CHOWN/ });
  });

  test("the level is the release's targetNamespace's, where the pods land, not the HelmRelease's", () => {
    const objects = [
      namespace('kube-system', 'restricted'),
      namespace('dns', 'baseline'),
      ...coreDnsObjects((o) => {
        o.release.spec.targetNamespace = 'dns';
        noSeccomp(o.release.spec.values);
      }),
    ];
    const findings = check(objects);
    const finding = findings.find((f) => f.code === 'pss-seccomp');
    assert.ok(finding, JSON.stringify(findings, null, 1));
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /namespace dns enforces baseline/);
  });
});
