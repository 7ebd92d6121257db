import { Ajv, type ValidateFunction } from 'ajv';
import { checkPromql } from '../../alerts/index.js';
import { clusterIpProblem, isPublishedToOci, parseAddress, parseServiceCidr } from '../../model/index.js';
import type { Finding } from '../finding.js';
import { type ChartProfile, type ValuesShape, findChartProfile } from '../charts/coredns-chart-profile.js';
import { SCHEMAS } from '../schemas/flux-schemas.js';

/** An object after build and substitution, with where it came from. */
export interface RenderedObject {
  readonly object: Record<string, any>;
  readonly file?: string;
  /** `Kustomization/<ns>/<name>` of the Flux Kustomization that applies it; absent for the cluster's own sync. */
  readonly appliedBy?: string;
}

/** What the checks of one cluster may look at. */
export interface ClusterContext {
  readonly cluster: string;
  /** Every object the cluster applies: its own directory's and everything built from it. */
  readonly objects: readonly RenderedObject[];
  /** The cluster's Service CIDR, when known (.yo-rc.json or --service-cidr). */
  readonly serviceCidr?: string;
}

/** A HelmRelease as the report's table shows it. */
export interface HelmReleaseSummary {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
  readonly replicas?: unknown;
  readonly clusterIP?: unknown;
  readonly file?: string;
}

export const objectId = (o: Record<string, any>) => `${o.kind}/${o.metadata?.namespace ?? ''}${o.metadata?.namespace ? '/' : ''}${o.metadata?.name ?? '?'}`;

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();
function schemaFor(object: Record<string, any>): ValidateFunction | undefined {
  const key = `${object.apiVersion}/${object.kind}`;
  if (!(key in SCHEMAS)) return undefined;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(SCHEMAS[key] as object);
    validators.set(key, validate);
  }
  return validate;
}

/** Flux and monitoring API versions that are gone: the object would not apply. */
const REMOVED_APIS: Record<string, string> = {
  'source.toolkit.fluxcd.io/v1beta2/OCIRepository': 'source.toolkit.fluxcd.io/v1 (v1beta2 was removed in Flux 2.8)',
  'source.toolkit.fluxcd.io/v1beta2/HelmRepository': 'source.toolkit.fluxcd.io/v1',
  'helm.toolkit.fluxcd.io/v2beta1/HelmRelease': 'helm.toolkit.fluxcd.io/v2',
  'helm.toolkit.fluxcd.io/v2beta2/HelmRelease': 'helm.toolkit.fluxcd.io/v2',
  'kustomize.toolkit.fluxcd.io/v1beta2/Kustomization': 'kustomize.toolkit.fluxcd.io/v1',
};

/** Runs every check on the objects a cluster applies; returns findings and the HelmRelease table. */
export function checkCluster(context: ClusterContext): { findings: Finding[]; helmReleases: HelmReleaseSummary[] } {
  const findings: Finding[] = [];
  const helmReleases: HelmReleaseSummary[] = [];
  const byId = new Map(context.objects.map((entry) => [objectId(entry.object), entry]));
  const has = (kind: string, namespace: string, name: string) => byId.has(`${kind}/${namespace}/${name}`);

  for (const entry of context.objects) {
    const { object, file } = entry;
    const add = (code: string, severity: Finding['severity'], path: string | undefined, message: string, fix: string) =>
      findings.push({ code, severity, cluster: context.cluster, ...(file ? { file } : {}), object: objectId(object), ...(path ? { path } : {}), message, fix });
    const namespace = object.metadata?.namespace ?? 'default';

    const removed = REMOVED_APIS[`${object.apiVersion}/${object.kind}`];
    if (removed) add('api-removed', 'error', 'apiVersion', `${object.apiVersion} ${object.kind} is no longer served`, `use ${removed}`);

    const validate = schemaFor(object);
    const candidate: unknown = object; // ajv's guard would narrow `object` itself to never
    if (validate && !validate(candidate)) {
      for (const error of validate.errors ?? []) {
        const path = error.instancePath.slice(1).replace(/\//g, '.');
        const detail = error.keyword === 'additionalProperties' ? `unknown field "${(error.params as { additionalProperty: string }).additionalProperty}"` : error.message;
        add('schema', 'error', path || undefined, `${object.kind} ${detail}`, `fix the field per the ${object.apiVersion} ${object.kind} API reference`);
      }
    }

    if (object.apiVersion?.startsWith('kustomize.toolkit.fluxcd.io/') && object.kind === 'Kustomization') {
      const spec = object.spec ?? {};
      if (spec.wait === true && Array.isArray(spec.healthChecks) && spec.healthChecks.length > 0) {
        add('flux-healthchecks-ignored', 'warning', 'spec.healthChecks', 'healthChecks are ignored when wait is true', 'drop healthChecks (wait checks every object), or set wait: false to check only these');
      }
      (spec.dependsOn ?? []).forEach((dep: { name?: string; namespace?: string }, index: number) => {
        if (dep?.name && !hasFluxKustomization(context.objects, dep.namespace ?? namespace, dep.name)) {
          add('dependsOn-unresolved', 'error', `spec.dependsOn[${index}]`, `Kustomization ${dep.namespace ?? namespace}/${dep.name} is not applied on this cluster; Flux waits for it forever`, 'add that Kustomization to the cluster, or remove the dependency');
        }
      });
      const ref = spec.sourceRef;
      if (ref?.name && !has(ref.kind, ref.namespace ?? namespace, ref.name) && !(ref.kind === 'GitRepository' && ref.name === 'flux-system')) {
        add('sourceRef-unresolved', 'error', 'spec.sourceRef', `${ref.kind} ${ref.namespace ?? namespace}/${ref.name} is not defined for this cluster`, 'define the source, or point sourceRef at one that exists');
      }
    }

    if (object.apiVersion === 'helm.toolkit.fluxcd.io/v2' && object.kind === 'HelmRelease') {
      helmReleases.push(checkHelmRelease(entry, namespace, context, has, add));
    }

    if (object.kind === 'OCIRepository' && typeof object.spec?.url === 'string' && object.spec.url.replace(/\/$/, '') === 'oci://ghcr.io/coredns/charts/coredns') {
      const tag = object.spec?.ref?.tag;
      if (typeof tag === 'string' && !isPublishedToOci(tag)) {
        add('oci-version-not-published', 'error', 'spec.ref.tag', `coredns chart ${tag} was never published to ${object.spec.url}; the pull fails`, 'use 1.38.1 or later from OCI, or a HelmRepository for this version');
      }
    }

    if (object.kind === 'PrometheusRule' && object.apiVersion === 'monitoring.coreos.com/v1') {
      (object.spec?.groups ?? []).forEach((group: any, g: number) => {
        (group?.rules ?? []).forEach((rule: any, r: number) => {
          if (typeof rule?.expr !== 'string') return;
          const check = checkPromql(rule.expr);
          for (const error of check.errors) add('promql-syntax', 'error', `spec.groups[${g}].rules[${r}].expr`, `${rule.alert ?? rule.record}: ${error.message}\n${error.caret}`, 'fix the PromQL expression');
          for (const warning of check.warnings) add('promql-unknown-metric', 'warning', `spec.groups[${g}].rules[${r}].expr`, `${rule.alert ?? rule.record}: ${warning.message}`, warning.replacement ? `use ${warning.replacement}` : 'check the metric name');
        });
      });
    }
  }
  findings.push(...checkAlertJobs(context));
  return { findings, helmReleases };
}

function hasFluxKustomization(objects: readonly RenderedObject[], namespace: string, name: string): boolean {
  return objects.some(({ object }) => object.kind === 'Kustomization' && object.apiVersion?.startsWith('kustomize.toolkit.fluxcd.io/') && object.metadata?.name === name && (object.metadata?.namespace ?? 'default') === namespace);
}

type Add = (code: string, severity: Finding['severity'], path: string | undefined, message: string, fix: string) => void;

function checkHelmRelease(entry: RenderedObject, namespace: string, context: ClusterContext, has: (k: string, ns: string, n: string) => boolean, add: Add): HelmReleaseSummary {
  const { object } = entry;
  const spec = object.spec ?? {};
  if (Boolean(spec.chart) === Boolean(spec.chartRef)) {
    add('helmrelease-chart-xor-chartref', 'error', 'spec', spec.chart ? 'sets both spec.chart and spec.chartRef' : 'sets neither spec.chart nor spec.chartRef', 'set exactly one of them');
  }
  let chart = '';
  let version = '';
  if (spec.chart?.spec) {
    chart = String(spec.chart.spec.chart ?? '');
    version = String(spec.chart.spec.version ?? '');
    const ref = spec.chart.spec.sourceRef ?? {};
    if (ref.name && !has(ref.kind, ref.namespace ?? namespace, ref.name)) {
      add('sourceRef-unresolved', 'error', 'spec.chart.spec.sourceRef', `${ref.kind} ${ref.namespace ?? namespace}/${ref.name} is not defined for this cluster`, 'define the chart source beside the HelmRelease, or fix the reference');
    }
  } else if (spec.chartRef) {
    const ref = spec.chartRef;
    const source = context.objects.find(({ object: o }) => o.kind === ref.kind && o.metadata?.name === ref.name && (o.metadata?.namespace ?? 'default') === (ref.namespace ?? namespace));
    if (!source) {
      add('chartRef-unresolved', 'error', 'spec.chartRef', `${ref.kind} ${ref.namespace ?? namespace}/${ref.name} is not defined for this cluster`, 'define the OCIRepository beside the HelmRelease, or fix the reference');
    } else if (ref.kind === 'OCIRepository') {
      chart = String(source.object.spec?.url ?? '').replace(/\/$/, '').split('/').at(-1) ?? '';
      version = String(source.object.spec?.ref?.tag ?? source.object.spec?.ref?.semver ?? '');
    }
  }
  const values = (spec.values ?? {}) as Record<string, any>;
  const releaseName = spec.releaseName ?? (spec.targetNamespace ? `${spec.targetNamespace}-${object.metadata?.name}` : object.metadata?.name);
  const profile = findChartProfile(chart, version);
  if (chart === 'coredns' && !profile) {
    add('chart-no-profile', 'warning', 'spec.values', `no profile of coredns chart ${version || '(unknown version)'}; its values were not checked`, 'pin a version the validator knows (see src/validate/charts/coredns-profiles.generated.ts), or review the values by hand');
  }
  if (profile) checkChartValues(profile, values, String(releaseName), context, add);
  return {
    name: object.metadata?.name,
    namespace,
    chart,
    version,
    ...(values.replicaCount !== undefined ? { replicas: values.replicaCount } : {}),
    ...(values.service?.clusterIP !== undefined ? { clusterIP: values.service.clusterIP } : {}),
    ...(entry.file ? { file: entry.file } : {}),
  };
}

/** Helm's merge: maps merge key by key, lists and scalars replace. */
export function helmMerge(defaults: unknown, values: unknown): unknown {
  if (isMap(defaults) && isMap(values)) {
    const out: Record<string, unknown> = { ...defaults };
    for (const [key, value] of Object.entries(values)) out[key] = key in defaults ? helmMerge(defaults[key], value) : value;
    return out;
  }
  return values === undefined ? defaults : values;
}

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const KEY_HINTS: Record<string, string> = {
  serviceMonitor: 'the chart has no serviceMonitor key; use prometheus.monitor.enabled: true (with prometheus.service.enabled: true)',
  'livenessProbe.httpGet': 'the chart hard-codes /health on 8080; set only enabled, initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold, successThreshold',
  'readinessProbe.httpGet': 'the chart hard-codes /ready on 8181; set only enabled, initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold, successThreshold',
};

const PDB_SPEC_FIELDS = new Set(['minAvailable', 'maxUnavailable', 'selector', 'unhealthyPodEvictionPolicy']);

function checkChartValues(profile: ChartProfile, values: Record<string, any>, releaseName: string, context: ClusterContext, add: Add): void {
  // Every key the chart does not read.
  const walk = (value: unknown, shape: ValuesShape, path: string) => {
    if (!isMap(value) || typeof shape === 'string') return;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!(key in shape)) {
        add('chart-unknown-key', 'error', `spec.values.${childPath}`, `coredns chart ${profile.versions.join('/')} ignores ${childPath}`, KEY_HINTS[childPath] ?? 'remove it; see the chart\'s values.yaml for the keys it reads');
        continue;
      }
      walk(child, (shape as Record<string, ValuesShape>)[key]!, childPath);
    }
  };
  walk(values, profile.shape, '');

  const merged = helmMerge(profile.defaults, values) as Record<string, any>;
  const pdb = isMap(values.podDisruptionBudget) ? values.podDisruptionBudget : {};
  for (const key of Object.keys(pdb)) {
    if (!PDB_SPEC_FIELDS.has(key)) {
      add('chart-pdb-unknown-field', 'error', `spec.values.podDisruptionBudget.${key}`, `the chart copies podDisruptionBudget into the PDB spec, where "${key}" is an unknown field (enabled: false cannot switch the PDB off)`, 'keep only minAvailable or maxUnavailable (and selector)');
    }
  }

  // Replicas after substitution, and a PDB that leaves room for an eviction.
  const replicas = merged.replicaCount;
  const scaled = merged.hpa?.enabled === true || merged.autoscaler?.enabled === true;
  if (!scaled) {
    if (!Number.isInteger(replicas) || replicas < 1) {
      add('replicas-invalid', 'error', 'spec.values.replicaCount', `replicaCount is ${JSON.stringify(replicas)} after substitution, not a whole number >= 1`, 'set COREDNS_REPLICAS in cluster-settings to a whole number, e.g. "2"');
    } else if (Object.keys(pdb).length > 0) {
      const min = pdb.minAvailable as number;
      const maxUnavailable = pdb.maxUnavailable;
      if ((Number.isInteger(min) && min >= replicas) || maxUnavailable === 0) {
        add('pdb-blocks-eviction', 'error', 'spec.values.podDisruptionBudget', `with ${replicas} replica${replicas === 1 ? '' : 's'} the PDB (${JSON.stringify(pdb)}) allows no eviction: node drains hang`, 'run at least minAvailable + 1 replicas (COREDNS_REPLICAS), or lower minAvailable');
      }
    }
  }

  // Pod Security Standard "restricted" for the pod these values produce.
  const pod = (merged.podSecurityContext ?? {}) as Record<string, any>;
  const ctr = (merged.securityContext ?? {}) as Record<string, any>;
  const pss = (code: string, path: string, message: string, fix: string) => add(code, 'error', `spec.values.${path}`, `Pod Security "restricted": ${message}`, fix);
  if ((ctr.runAsNonRoot ?? pod.runAsNonRoot) !== true) pss('pss-run-as-non-root', 'podSecurityContext.runAsNonRoot', 'runAsNonRoot is not true', 'set podSecurityContext.runAsNonRoot: true (and runAsUser: 65532, the image\'s user)');
  if ((ctr.runAsUser ?? pod.runAsUser) === 0) pss('pss-run-as-root', 'podSecurityContext.runAsUser', 'runAsUser is 0', 'use the image\'s non-root user, 65532');
  const seccomp = (ctr.seccompProfile ?? pod.seccompProfile)?.type;
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') pss('pss-seccomp', 'podSecurityContext.seccompProfile', `seccompProfile is ${seccomp ?? 'not set'}`, 'set podSecurityContext.seccompProfile.type: RuntimeDefault');
  if (ctr.allowPrivilegeEscalation !== false) pss('pss-privilege-escalation', 'securityContext.allowPrivilegeEscalation', 'allowPrivilegeEscalation is not false', 'set securityContext.allowPrivilegeEscalation: false');
  if (ctr.privileged === true) pss('pss-privileged', 'securityContext.privileged', 'the container is privileged', 'remove securityContext.privileged');
  const drop: unknown[] = ctr.capabilities?.drop ?? [];
  const added: unknown[] = ctr.capabilities?.add ?? [];
  if (!drop.includes('ALL')) pss('pss-capabilities-drop', 'securityContext.capabilities.drop', 'capabilities do not drop ALL', 'set securityContext.capabilities.drop: [ALL]');
  const extra = added.filter((cap) => cap !== 'NET_BIND_SERVICE');
  if (extra.length > 0) pss('pss-capabilities-add', 'securityContext.capabilities.add', `adds ${extra.join(', ')}`, 'add only NET_BIND_SERVICE');
  const ports = Array.isArray(merged.servers) ? merged.servers.map((server: any) => Number(server?.port)) : [53];
  if (ports.some((port: number) => port < 1024) && !added.includes('NET_BIND_SERVICE')) {
    add('chart-needs-net-bind-service', 'error', 'spec.values.securityContext.capabilities.add', 'CoreDNS runs as non-root and binds a port below 1024 through NET_BIND_SERVICE; without it the pod fails "exec /coredns: operation not permitted"', 'keep securityContext.capabilities.add: [NET_BIND_SERVICE]');
  }

  // A spread constraint must select the pods the chart labels.
  const name = merged.nameOverride ?? 'coredns';
  const podLabels: Record<string, unknown> = {
    ...(merged.isClusterService !== false ? { 'k8s-app': merged.k8sAppLabelOverride ?? name } : {}),
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': releaseName,
    ...(isMap(merged.customLabels) ? merged.customLabels : {}),
  };
  (Array.isArray(merged.topologySpreadConstraints) ? merged.topologySpreadConstraints : []).forEach((constraint: any, index: number) => {
    const match = constraint?.labelSelector?.matchLabels;
    if (!isMap(match) || Object.values(match).some((v) => typeof v === 'string' && v.includes('{{'))) return;
    const misses = Object.entries(match).filter(([key, value]) => podLabels[key] !== value);
    if (misses.length > 0) {
      add('chart-spread-selects-nothing', 'error', `spec.values.topologySpreadConstraints[${index}].labelSelector`, `selects ${misses.map(([k, v]) => `${k}=${v}`).join(', ')}, but the pods are labelled ${Object.entries(podLabels).map(([k, v]) => `${k}=${v}`).join(', ')}: the spread selects nothing`, 'select labels the pods carry, or set k8sAppLabelOverride: kube-dns before the first install');
    }
  });

  // The ClusterIP must be usable in the cluster's Service CIDR.
  const clusterIP = merged.service?.clusterIP;
  if (clusterIP !== undefined && context.serviceCidr) {
    const cidr = parseServiceCidr(context.serviceCidr);
    const address = parseAddress(String(clusterIP));
    if (typeof address === 'string') {
      add('clusterip-invalid', 'error', 'spec.values.service.clusterIP', `${String(clusterIP)} after substitution: ${address}`, 'set COREDNS_CLUSTER_IP in cluster-settings to an address of the Service CIDR');
    } else if (typeof cidr !== 'string') {
      const problem = clusterIpProblem(cidr, address);
      if (problem) add('clusterip-outside-cidr', 'error', 'spec.values.service.clusterIP', `${String(clusterIP)} ${problem}`, `set COREDNS_CLUSTER_IP in cluster-settings to an address inside ${context.serviceCidr}, e.g. its 10th address`);
    }
  }
}

/**
 * Alerts that select a job label the metrics Service's ServiceMonitor (the chart's, or ours in
 * coredns-monitoring/) does not produce never fire.
 */
function checkAlertJobs(context: ClusterContext): Finding[] {
  const findings: Finding[] = [];
  const scraped = (release: Record<string, any>) =>
    release.spec?.values?.prometheus?.monitor?.enabled === true ||
    (release.spec?.values?.prometheus?.service?.enabled === true &&
      context.objects.some(({ object }) => object.kind === 'ServiceMonitor' && object.metadata?.namespace === release.metadata?.namespace));
  const releases = context.objects.filter(({ object }) => object.kind === 'HelmRelease' && scraped(object));
  for (const { object: release } of releases) {
    const values = release.spec.values;
    const releaseName: string = release.spec.releaseName ?? release.metadata?.name;
    const fullname = values.fullnameOverride ?? (releaseName.includes(values.nameOverride ?? 'coredns') ? releaseName : `${releaseName}-${values.nameOverride ?? 'coredns'}`);
    const job = `${fullname}-metrics`;
    for (const { object, file } of context.objects) {
      if (object.kind !== 'PrometheusRule' || object.metadata?.namespace !== release.metadata?.namespace) continue;
      (object.spec?.groups ?? []).forEach((group: any, g: number) => (group?.rules ?? []).forEach((rule: any, r: number) => {
        const jobs = [...String(rule?.expr ?? '').matchAll(/\bjob\s*=\s*"([^"]*)"/g)].map((m) => m[1]);
        const wrong = jobs.filter((j) => j !== job);
        if (String(rule?.expr ?? '').includes('coredns_') || /up\{/.test(String(rule?.expr ?? ''))) {
          if (wrong.length > 0) {
            findings.push({ code: 'alert-job-mismatch', severity: 'warning', cluster: context.cluster, ...(file ? { file } : {}), object: objectId(object), path: `spec.groups[${g}].rules[${r}].expr`, message: `${rule.alert ?? rule.record} selects job="${wrong[0]}", but the ServiceMonitor makes Prometheus label CoreDNS job="${job}"`, fix: `select job="${job}" (alerts.job), unless CoreDNS is scraped some other way` });
          }
        }
      }));
    }
  }
  return findings;
}
