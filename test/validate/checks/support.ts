import assert from 'node:assert/strict';
import { type Finding, type RenderedObject } from '../../../src/index.js';
import { checkCluster } from '../../../src/validate/checks/index.js';

/** A mutable object, as tests build and break them. */
export type Obj = Record<string, any>;

const SERVICE_CIDR = '10.245.0.0/16';

const meta = (name: string, namespace: string | undefined) => ({ name, ...(namespace ? { namespace } : {}) });

export function fluxKs(name: string, spec: Obj = {}, namespace = 'flux-system'): Obj {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: meta(name, namespace),
    spec: { interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, path: `./kubernetes/${name}`, ...spec },
  };
}

/** A Namespace, its Pod Security enforce label set to `enforce` when given (`pod-security.kubernetes.io/enforce`). */
export function namespace(name: string, enforce?: string, labels: Record<string, string> = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels, ...(enforce ? { 'pod-security.kubernetes.io/enforce': enforce } : {}) } },
  };
}

export function helmRepository(name = 'coredns', namespace = 'kube-system'): Obj {
  return { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: meta(name, namespace), spec: { url: 'https://coredns.github.io/helm', interval: '1h' } };
}

export function ociRepository(name: string, url: string, tag = '1.38.1', namespace = 'kube-system'): Obj {
  return { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: meta(name, namespace), spec: { url, interval: '1h', ref: { tag } } };
}

export function helmRelease(name: string, spec: Obj, namespace = 'kube-system'): Obj {
  return { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: meta(name, namespace), spec: { interval: '30m', ...spec } };
}

export const chartSpec = (chart: string, version: unknown, repository = chart) => ({ spec: { chart, version, sourceRef: { kind: 'HelmRepository', name: repository, namespace: 'kube-system' } } });

/** The generated CoreDNS values after substitution (cluster infra): clean under every check. */
export function coreDnsValues(): Obj {
  return {
    replicaCount: 2,
    k8sAppLabelOverride: 'kube-dns',
    service: { name: 'kube-dns', clusterIP: '10.245.0.10' },
    topologySpreadConstraints: [
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'coredns', 'k8s-app': 'kube-dns' } } },
    ],
    podDisruptionBudget: { minAvailable: 1 },
    podSecurityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
    prometheus: { service: { enabled: true }, monitor: { enabled: true } },
  };
}

const coreDnsRelease = (values: Obj = coreDnsValues(), version = '1.38.0') => helmRelease('coredns', { chart: chartSpec('coredns', version), values });

export function prometheusRule(name: string, exprs: readonly string[], namespace = 'kube-system'): Obj {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: meta(name, namespace),
    spec: { groups: [{ name, rules: exprs.map((expr, i) => ({ alert: `${name}Alert${i}`, expr, for: '5m' })) }] },
  };
}

export const coreDnsRule = (job = 'coredns-metrics') =>
  prometheusRule('coredns', [`absent(up{job="${job}",namespace="kube-system"})`, `sum(rate(coredns_dns_responses_total{job="${job}",rcode="SERVFAIL"}[5m])) > 1`]);

/** The CoreDNS objects one cluster applies, each changed by `change` first. */
export function coreDnsObjects(change: (o: { ks: Obj; repository: Obj; release: Obj; rule: Obj }) => void = () => {}): Obj[] {
  const set = { ks: fluxKs('coredns', { path: './kubernetes/infrastructure/networking/coredns', wait: true }), repository: helmRepository(), release: coreDnsRelease(), rule: coreDnsRule() };
  change(set);
  return [set.ks, set.repository, set.release, set.rule];
}

/** The CoreDNS objects with the release's values changed by `change`, checked. */
export const checkWithValues = (change: (values: Obj) => void): Finding[] => check(coreDnsObjects((o) => change(o.release.spec.values)));

/** Where each object comes from: `<kind>-<name>.yaml`, applied by the cluster's own sync unless given. */
export const rendered = (objects: readonly Obj[], appliedBy?: string): RenderedObject[] =>
  objects.map((object) => ({ object, file: `${String(object.kind).toLowerCase()}-${object.metadata?.name}.yaml`, ...(appliedBy ? { appliedBy } : {}) }));

/** The findings of one cluster (infra, with its Service CIDR unless told) applying `entries`. */
export function checkRendered(entries: readonly RenderedObject[], serviceCidr: string | undefined = SERVICE_CIDR): Finding[] {
  return checkCluster({ cluster: 'infra', objects: entries, ...(serviceCidr ? { serviceCidr } : {}) }).findings;
}

export const check = (objects: readonly Obj[], serviceCidr?: string): Finding[] => checkRendered(rendered(objects), serviceCidr);

export interface Expected {
  readonly code: string;
  readonly severity: Finding['severity'];
  readonly path: string | undefined;
  readonly object?: string;
  /** Text the message must contain. */
  readonly message?: RegExp;
}

/** The findings are exactly one of `expected.code`, where and as bad as expected; returns it. */
export function assertOnly(findings: readonly Finding[], expected: Expected): Finding {
  assert.deepEqual(
    findings.map((f) => f.code),
    [expected.code],
    JSON.stringify(findings, null, 1),
  );
  const finding = findings[0]!;
  assert.equal(finding.severity, expected.severity);
  assert.equal(finding.path, expected.path);
  if (expected.object) assert.equal(finding.object, expected.object);
  if (expected.message) assert.match(finding.message, expected.message);
  assert.ok(finding.fix.length > 0, 'a fix is given');
  return finding;
}
