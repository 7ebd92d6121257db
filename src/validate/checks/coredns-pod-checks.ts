import type { ProfiledRelease } from './helm-release-checks.js';
import { securityContexts } from './pod-security-checks.js';
import { isMap, listOf } from '../objects/kube-objects.js';

/** CoreDNS runs as non-root and binds port 53 only through NET_BIND_SERVICE. */
export function checkNetBindService(release: ProfiledRelease): void {
  const { merged } = release;
  const ports = Array.isArray(merged.servers) ? listOf<{ port?: unknown } | null>(merged.servers).map((server) => Number(server?.port)) : [53];
  if (ports.some((port) => port < 1024) && !listOf(securityContexts(release).ctr.capabilities?.add).includes('NET_BIND_SERVICE')) {
    release.report(
      'chart-needs-net-bind-service',
      'error',
      'spec.values.securityContext.capabilities.add',
      'CoreDNS runs as non-root and binds a port below 1024 through NET_BIND_SERVICE; without it the pod fails "exec /coredns: operation not permitted"',
      'keep securityContext.capabilities.add: [NET_BIND_SERVICE]',
    );
  }
}

/** The labels the coredns chart puts on its pods. */
function podLabels(release: ProfiledRelease): Record<string, unknown> {
  const { merged } = release;
  const name = merged.nameOverride ?? 'coredns';
  return {
    ...(merged.isClusterService !== false ? { 'k8s-app': merged.k8sAppLabelOverride ?? name } : {}),
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': release.releaseName,
    ...(isMap(merged.customLabels) ? merged.customLabels : {}),
  };
}

/** A spread constraint must select the pods the chart labels, or it spreads nothing. */
export function checkSpreadSelectsPods(release: ProfiledRelease): void {
  const labels = podLabels(release);
  listOf<{ labelSelector?: { matchLabels?: unknown } } | null>(release.merged.topologySpreadConstraints).forEach((constraint, i) => {
    const match = constraint?.labelSelector?.matchLabels;
    // Templated selectors are rendered by the chart; they cannot be compared here.
    if (!isMap(match) || Object.values(match).some((v) => typeof v === 'string' && v.includes('{{'))) return;
    const misses = Object.entries(match).filter(([key, value]) => labels[key] !== value);
    if (misses.length === 0) return;
    const show = (pairs: Array<[string, unknown]>) => pairs.map(([k, v]) => `${k}=${String(v)}`).join(', ');
    release.report(
      'chart-spread-selects-nothing',
      'error',
      `spec.values.topologySpreadConstraints[${i}].labelSelector`,
      `selects ${show(misses)}, but the pods are labelled ${show(Object.entries(labels))}: the spread selects nothing`,
      'select labels the pods carry, or set k8sAppLabelOverride: kube-dns before the first install',
    );
  });
}
