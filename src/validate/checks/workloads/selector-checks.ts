import type { ClusterPools } from './cluster-pools.js';
import { type RenderedRelease, namespaceIn, ofKind, podTemplates } from './rendered-release.js';
import { selects, selectsByMap, showSelector } from './private/label-selector.js';
import { type Obj, labelsOf, mapOf, mapsOf, showLabels } from './private/shape.js';

/** The labels of the pods in `namespace` the cluster runs, for a message (at most three sets). */
function podLabelsIn(pools: ClusterPools, namespace: string): string {
  const sets = [...new Set(pools.pods.filter((pod) => pod.namespace === namespace).map((pod) => showLabels(pod.labels)))];
  return sets.length === 0 ? `no pods run in ${namespace}` : `the pods in ${namespace} are labelled ${sets.slice(0, 3).join('; ')}`;
}

/** A Service with a selector routes to pods; one that selects none has no endpoints. */
export function checkServiceSelectors(release: RenderedRelease, pools: ClusterPools): void {
  for (const service of ofKind(release.objects, 'Service')) {
    const spec = mapOf(service.spec);
    // ExternalName Services and Services without a selector (manual Endpoints) select no pods on purpose.
    if (spec.type === 'ExternalName' || spec.selector === undefined) continue;
    const selector = labelsOf(spec.selector);
    const namespace = namespaceIn(service, release.namespace) ?? release.namespace;
    if (pools.pods.some((pod) => pod.namespace === namespace && selectsByMap(selector, pod.labels))) continue;
    release.report(
      'workload-service-selects-nothing',
      'error',
      service,
      'spec.selector',
      `selects ${showLabels(selector)}, but ${podLabelsIn(pools, namespace)}: the Service has no endpoints`,
      "select labels the pods carry (the chart's selector labels), or fix the pod labels",
    );
  }
}

/** A PodDisruptionBudget guards the pods it selects; one that selects none guards nothing. */
export function checkPdbSelectors(release: RenderedRelease, pools: ClusterPools): void {
  for (const pdb of ofKind(release.objects, 'PodDisruptionBudget')) {
    const selector = mapOf(mapOf(pdb.spec).selector);
    const namespace = namespaceIn(pdb, release.namespace) ?? release.namespace;
    if (pools.pods.some((pod) => pod.namespace === namespace && selects(selector, pod.labels))) continue;
    release.report(
      'workload-pdb-selects-nothing',
      'error',
      pdb,
      'spec.selector',
      `selects ${showSelector(selector)}, but ${podLabelsIn(pools, namespace)}: the budget protects nothing`,
      'select labels the pods carry',
    );
  }
}

/** A topology spread constraint counts the pods its labelSelector selects; selecting none spreads nothing. */
export function checkSpreadSelectors(release: RenderedRelease, pools: ClusterPools): void {
  for (const pod of podTemplates(release.objects, release.namespace)) {
    mapsOf(pod.spec.topologySpreadConstraints).forEach((constraint, i) => {
      // Without a labelSelector the constraint counts no pods, which the API allows but means nothing.
      const selector = mapOf(constraint.labelSelector);
      if (pools.pods.some((other) => other.namespace === pod.namespace && selects(selector, other.labels))) return;
      release.report(
        'workload-spread-selects-nothing',
        'error',
        pod.owner,
        `${pod.path}.topologySpreadConstraints[${i}].labelSelector`,
        `selects ${showSelector(selector)}, but this pod is labelled ${showLabels(pod.labels)} and no other pod in ${pod.namespace} matches: the spread spreads nothing`,
        'select labels the pods carry',
      );
    });
  }
}

/** The namespaces a ServiceMonitor looks in: its namespaceSelector's, else its own. */
function monitorNamespaces(monitor: Obj, ownNamespace: string): ((namespace: string) => boolean) & { readonly shown: string } {
  const selector = mapOf(mapOf(monitor.spec).namespaceSelector);
  if (selector.any === true) return Object.assign(() => true, { shown: 'any namespace' });
  const names = Array.isArray(selector.matchNames) && selector.matchNames.length > 0 ? selector.matchNames.map(String) : [ownNamespace];
  return Object.assign((namespace: string) => names.includes(namespace), { shown: `namespace ${names.join(', ')}` });
}

/** The Services a ServiceMonitor scrapes. */
export function monitoredServices(monitor: Obj, ownNamespace: string, pools: ClusterPools): ClusterPools['services'] {
  const inNamespace = monitorNamespaces(monitor, ownNamespace);
  const selector = mapOf(mapOf(monitor.spec).selector);
  return pools.services.filter((service) => inNamespace(service.namespace) && selects(selector, service.labels));
}

/** Files a finding about a ServiceMonitor, whoever rendered it. */
export type MonitorReport = (code: string, path: string, message: string, fix: string) => void;

/** A ServiceMonitor whose namespaceSelector and selector match no Service scrapes nothing. */
export function checkServiceMonitorSelects(monitor: Obj, ownNamespace: string, pools: ClusterPools, report: MonitorReport): void {
  if (monitoredServices(monitor, ownNamespace, pools).length > 0) return;
  const selector = mapOf(mapOf(monitor.spec).selector);
  const inNamespace = monitorNamespaces(monitor, ownNamespace);
  const elsewhere = pools.services.filter((service) => !inNamespace(service.namespace) && selects(selector, service.labels));
  if (elsewhere.length > 0) {
    report(
      'workload-servicemonitor-selects-nothing',
      'spec.namespaceSelector',
      `looks in ${inNamespace.shown}, but the Services it selects are in ${[...new Set(elsewhere.map((s) => s.namespace))].join(', ')}`,
      `set namespaceSelector.matchNames to ${elsewhere[0]!.namespace}`,
    );
    return;
  }
  const candidates = pools.services.filter((service) => inNamespace(service.namespace));
  report(
    'workload-servicemonitor-selects-nothing',
    'spec.selector',
    `selects ${showSelector(selector)} in ${inNamespace.shown}, but no Service there carries those labels (${
      candidates
        .slice(0, 3)
        .map((s) => `${s.name}: ${showLabels(s.labels)}`)
        .join('; ') || 'none there'
    }): nothing is scraped`,
    'select the labels of the metrics Service the chart renders',
  );
}
