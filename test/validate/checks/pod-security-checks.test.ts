import { describe, test } from 'node:test';
import { assertOnly, checkWithValues as withValues } from './support.js';

const restricted = /^Pod Security "restricted"/;

describe('Pod Security Standard "restricted"', () => {
  test('pss-run-as-non-root: runAsNonRoot not set', () => {
    assertOnly(
      withValues((v) => delete v.podSecurityContext.runAsNonRoot),
      { code: 'pss-run-as-non-root', severity: 'error', path: 'spec.values.podSecurityContext.runAsNonRoot', message: restricted },
    );
  });

  test('pss-run-as-root: runAsUser 0 in the container', () => {
    assertOnly(
      withValues((v) => (v.securityContext.runAsUser = 0)),
      { code: 'pss-run-as-root', severity: 'error', path: 'spec.values.podSecurityContext.runAsUser', message: restricted },
    );
  });

  test('pss-seccomp: no seccompProfile', () => {
    assertOnly(
      withValues((v) => delete v.podSecurityContext.seccompProfile),
      { code: 'pss-seccomp', severity: 'error', path: 'spec.values.podSecurityContext.seccompProfile', message: /not set/ },
    );
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
