import { DURATION } from '../../model/index.js';

/**
 * JSON schemas (for ajv) of the objects the validator checks, written from the Flux 2.6+ and
 * prometheus-operator v1 API references. They cover every spec field, so a misspelt or
 * invented field is reported; nested Kubernetes types stay open.
 */
const object = (properties: Record<string, unknown>, required: string[] = [], closed = true) => ({
  type: 'object',
  properties,
  required,
  ...(closed ? { additionalProperties: false } : {}),
});
const str = { type: 'string' };
const bool = { type: 'boolean' };
const int = { type: 'integer' };
const open = { type: 'object' };
const duration = { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' };
/** Prometheus' own durations: the model's one rule (units in descending order, each once). */
const promDuration = { type: 'string', pattern: DURATION.source };
const crossRef = object({ apiVersion: str, kind: str, name: str, namespace: str }, ['kind', 'name']);
const localRef = object({ name: str }, ['name']);
const dependsOn = { type: 'array', items: object({ name: str, namespace: str, readyExpr: str }, ['name']) };
const metadata = object({ name: str, namespace: str, labels: open, annotations: open }, ['name'], false);

const envelope = (apiVersion: string, kind: string, spec: unknown) =>
  object({ apiVersion: { const: apiVersion }, kind: { const: kind }, metadata, spec, status: open }, ['apiVersion', 'kind', 'metadata', 'spec']);

const remediation = object({ retries: int, ignoreTestFailures: bool, remediateLastFailure: bool, strategy: { enum: ['rollback', 'uninstall'] } });

export const SCHEMAS: Record<string, unknown> = {
  'kustomize.toolkit.fluxcd.io/v1/Kustomization': envelope('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', object({
    interval: duration, retryInterval: duration, timeout: duration,
    sourceRef: object({ apiVersion: str, kind: { enum: ['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact'] }, name: str, namespace: str }, ['kind', 'name']),
    path: str, prune: bool, wait: bool, force: bool, suspend: bool, dependsOn,
    postBuild: object({
      substitute: { type: 'object', additionalProperties: str },
      substituteFrom: { type: 'array', items: object({ kind: { enum: ['ConfigMap', 'Secret'] }, name: str, optional: bool }, ['kind', 'name']) },
    }),
    healthChecks: { type: 'array', items: crossRef }, healthCheckExprs: { type: 'array' },
    targetNamespace: str, serviceAccountName: str, namePrefix: str, nameSuffix: str, deletionPolicy: str,
    patches: { type: 'array' }, images: { type: 'array' }, components: { type: 'array' }, ignoreMissingComponents: bool,
    commonMetadata: open, decryption: open, kubeConfig: open,
  }, ['interval', 'prune', 'sourceRef'])),
  'helm.toolkit.fluxcd.io/v2/HelmRelease': envelope('helm.toolkit.fluxcd.io/v2', 'HelmRelease', object({
    chart: object({
      spec: object({
        chart: str, version: str, sourceRef: object({ apiVersion: str, kind: { enum: ['HelmRepository', 'GitRepository', 'Bucket'] }, name: str, namespace: str }, ['kind', 'name']),
        interval: duration, reconcileStrategy: { enum: ['ChartVersion', 'Revision'] }, valuesFiles: { type: 'array', items: str },
        ignoreMissingValuesFiles: bool, verify: open,
      }, ['chart', 'sourceRef']),
      metadata: open,
    }, ['spec']),
    chartRef: object({ apiVersion: str, kind: { enum: ['OCIRepository', 'HelmChart', 'ExternalArtifact'] }, name: str, namespace: str }, ['kind', 'name']),
    interval: duration, kubeConfig: open, suspend: bool, releaseName: str, targetNamespace: str, storageNamespace: str,
    dependsOn, timeout: duration, maxHistory: int, serviceAccountName: str, persistentClient: bool, driftDetection: open,
    install: object({ timeout: duration, remediation, disableWait: bool, disableWaitForJobs: bool, disableHooks: bool,
      disableOpenAPIValidation: bool, disableSchemaValidation: bool, replace: bool, skipCRDs: bool, crds: str, createNamespace: bool, strategy: open }),
    upgrade: object({ timeout: duration, remediation, disableWait: bool, disableWaitForJobs: bool, disableHooks: bool,
      disableOpenAPIValidation: bool, disableSchemaValidation: bool, force: bool, preserveValues: bool, cleanupOnFail: bool, crds: str, strategy: open }),
    test: open, rollback: open, uninstall: open, valuesFrom: { type: 'array' }, values: open, postRenderers: { type: 'array' }, commonMetadata: open,
  }, ['interval'])),
  'source.toolkit.fluxcd.io/v1/HelmRepository': envelope('source.toolkit.fluxcd.io/v1', 'HelmRepository', object({
    url: { type: 'string', pattern: '^(https?|oci)://' }, secretRef: localRef, certSecretRef: localRef, passCredentials: bool, insecure: bool,
    interval: duration, timeout: duration, suspend: bool, accessFrom: open, type: { enum: ['default', 'oci'] }, provider: str,
  }, ['url'])),
  'source.toolkit.fluxcd.io/v1/OCIRepository': envelope('source.toolkit.fluxcd.io/v1', 'OCIRepository', object({
    url: { type: 'string', pattern: '^oci://' }, ref: object({ tag: str, semver: str, semverFilter: str, digest: str }),
    layerSelector: object({ mediaType: str, operation: { enum: ['extract', 'copy'] } }), provider: str, secretRef: localRef, verify: open,
    serviceAccountName: str, certSecretRef: localRef, proxySecretRef: localRef, insecure: bool, interval: duration, timeout: duration,
    ignore: str, suspend: bool,
  }, ['url', 'interval'])),
  'monitoring.coreos.com/v1/PrometheusRule': envelope('monitoring.coreos.com/v1', 'PrometheusRule', object({
    groups: {
      type: 'array',
      items: object({
        name: str, interval: promDuration, query_offset: promDuration, limit: int, partial_response_strategy: str, labels: open,
        rules: {
          type: 'array',
          items: object({ alert: str, record: str, expr: { type: ['string', 'integer'] }, for: promDuration, keep_firing_for: promDuration,
            labels: { type: 'object', additionalProperties: str }, annotations: { type: 'object', additionalProperties: str } }, ['expr']),
        },
      }, ['name']),
    },
  })),
};
