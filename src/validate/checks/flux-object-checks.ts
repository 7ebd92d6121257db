import { crdValidator } from '../schemas/crd-validators.js';
import { NEWEST_FLUX, atLeast } from './flux-version.js';
import type { RenderedObject } from '../objects/index.js';
import type { ClusterIndex, Report } from './cluster-context.js';
import { type FluxKustomization, type KubeObject, isFluxKustomization, listOf, namespaceOf, textOf } from '../objects/kube-objects.js';

/** Flux API versions and the Flux minor version that stopped serving them, with their replacement. */
const REMOVED_APIS: Readonly<Record<string, { readonly removedIn: string; readonly use: string }>> = {
  'source.toolkit.fluxcd.io/v1beta2/OCIRepository': { removedIn: '2.8', use: 'source.toolkit.fluxcd.io/v1' },
  'source.toolkit.fluxcd.io/v1beta2/HelmRepository': { removedIn: '2.8', use: 'source.toolkit.fluxcd.io/v1' },
  'source.toolkit.fluxcd.io/v1beta2/GitRepository': { removedIn: '2.8', use: 'source.toolkit.fluxcd.io/v1' },
  'source.toolkit.fluxcd.io/v1beta2/HelmChart': { removedIn: '2.8', use: 'source.toolkit.fluxcd.io/v1' },
  'source.toolkit.fluxcd.io/v1beta2/Bucket': { removedIn: '2.8', use: 'source.toolkit.fluxcd.io/v1' },
  'helm.toolkit.fluxcd.io/v2beta1/HelmRelease': { removedIn: '2.7', use: 'helm.toolkit.fluxcd.io/v2' },
  'helm.toolkit.fluxcd.io/v2beta2/HelmRelease': { removedIn: '2.8', use: 'helm.toolkit.fluxcd.io/v2' },
  'kustomize.toolkit.fluxcd.io/v1beta1/Kustomization': { removedIn: '2.7', use: 'kustomize.toolkit.fluxcd.io/v1' },
  'kustomize.toolkit.fluxcd.io/v1beta2/Kustomization': { removedIn: '2.8', use: 'kustomize.toolkit.fluxcd.io/v1' },
};

/**
 * Whether the API server would serve the object, and whether its fields match the API. Served
 * is judged against the Flux the cluster installs: removed there is an error; removed only in a
 * newer Flux is a warning (an upgrade blocker); with no pinned version, against the newest Flux.
 */
export function checkApiAndSchema(entry: RenderedObject, index: ClusterIndex, report: Report): void {
  const object = entry.object as KubeObject;
  const removed = REMOVED_APIS[`${object.apiVersion}/${object.kind}`];
  if (removed) {
    const flux = index.fluxVersion;
    const what = `${object.apiVersion} ${object.kind}`;
    const fix = `use ${removed.use} (flux migrate rewrites stored objects)`;
    if (!flux)
      report(
        'api-removed',
        'error',
        'apiVersion',
        `${what} is no longer served since Flux ${removed.removedIn}; the repository pins no Flux version, so the Flux bootstrap installs today (${NEWEST_FLUX}) is assumed`,
        fix,
      );
    else if (atLeast(flux, removed.removedIn))
      report('api-removed', 'error', 'apiVersion', `${what} is no longer served by Flux ${flux.written} (${flux.from}); removed in Flux ${removed.removedIn}`, fix);
    else report('api-removed', 'warning', 'apiVersion', `${what} is served by Flux ${flux.written} (${flux.from}) but removed in Flux ${removed.removedIn}: it blocks that upgrade`, fix);
  }
  const validate = crdValidator(String(object.apiVersion), String(object.kind));
  if (!validate || validate(object)) return;
  for (const error of validate.errors ?? []) {
    const path = findingPath(error.instancePath);
    const detail = error.keyword === 'additionalProperties' ? `unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"` : error.message;
    report('schema', 'error', path || undefined, `${object.kind} ${detail}`, `fix the field per the ${object.apiVersion} ${object.kind} API reference`);
  }
}

/**
 * ajv's JSON pointer in the findings' own form, `/spec/groups/0/for` -> `spec.groups[0].for`, which
 * the finding locator follows into list items.
 */
function findingPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, key) => (/^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key), '');
}

/** A Flux Kustomization's own settings and the objects it names. */
export function checkFluxKustomization(entry: RenderedObject, index: ClusterIndex, report: Report): void {
  const object = entry.object as KubeObject;
  if (!isFluxKustomization(object)) return;
  const spec = object.spec ?? {};
  const namespace = namespaceOf(object);
  if (spec.wait === true && listOf(spec.healthChecks).length > 0) {
    report(
      'flux-healthchecks-ignored',
      'warning',
      'spec.healthChecks',
      'healthChecks are ignored when wait is true',
      'drop healthChecks (wait checks every object), or set wait: false to check only these',
    );
  }
  listOf<{ name?: string; namespace?: string }>(spec.dependsOn).forEach((dep, i) => {
    if (dep?.name && !fluxKustomization(index, dep.namespace ?? namespace, dep.name)) {
      report(
        'dependsOn-unresolved',
        'error',
        `spec.dependsOn[${i}]`,
        `Kustomization ${dep.namespace ?? namespace}/${dep.name} is not applied on this cluster; Flux waits for it forever`,
        'add that Kustomization to the cluster, or remove the dependency',
      );
    }
  });
  const ref = spec.sourceRef;
  // The cluster's own GitRepository comes from flux bootstrap, outside the repository.
  const bootstrapped = ref?.kind === 'GitRepository' && ref.name === 'flux-system';
  if (ref?.name && !bootstrapped && !index.find(textOf(ref.kind), textOf(ref.namespace) ?? namespace, String(ref.name))) {
    report(
      'sourceRef-unresolved',
      'error',
      'spec.sourceRef',
      `${ref.kind} ${ref.namespace ?? namespace}/${ref.name} is not defined for this cluster`,
      'define the source, or point sourceRef at one that exists',
    );
  }
}

function fluxKustomization(index: ClusterIndex, namespace: string, name: string): FluxKustomization | undefined {
  const found = index.find('Kustomization', namespace, name)?.object as KubeObject | undefined;
  return found && isFluxKustomization(found) ? found : undefined;
}
