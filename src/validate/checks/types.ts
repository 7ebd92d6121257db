/**
 * The shapes of the Flux, Helm and Kubernetes objects the checks read. Rendered objects are
 * untrusted YAML, so every field is optional and the checks test types before they use them.
 */
interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface KubeObject<Spec = unknown> {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
  readonly spec?: Spec;
}

interface CrossRef {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

interface DependsOn {
  readonly name?: string;
  readonly namespace?: string;
}

interface FluxKustomizationSpec {
  readonly sourceRef?: CrossRef;
  readonly path?: string;
  readonly wait?: boolean;
  readonly healthChecks?: readonly CrossRef[];
  readonly dependsOn?: readonly DependsOn[];
}

interface HelmReleaseSpec {
  readonly chart?: { readonly spec?: { readonly chart?: string; readonly version?: unknown; readonly sourceRef?: CrossRef } };
  readonly chartRef?: CrossRef;
  readonly releaseName?: string;
  readonly targetNamespace?: string;
  readonly values?: Values;
}

interface OciRepositorySpec {
  readonly url?: string;
  readonly ref?: { readonly tag?: unknown; readonly semver?: unknown; readonly digest?: unknown };
}

interface PrometheusRuleSpec {
  readonly groups?: ReadonlyArray<{ readonly name?: string; readonly rules?: readonly PrometheusRuleEntry[] }>;
}

export interface PrometheusRuleEntry {
  readonly alert?: string;
  readonly record?: string;
  readonly expr?: unknown;
}

export interface ServiceSpec {
  readonly clusterIP?: unknown;
}

/** The fields of a pod's or container's securityContext that Pod Security "restricted" reads. */
export interface SecurityContext {
  readonly runAsNonRoot?: unknown;
  readonly runAsUser?: unknown;
  readonly privileged?: unknown;
  readonly allowPrivilegeEscalation?: unknown;
  readonly seccompProfile?: { readonly type?: unknown };
  readonly capabilities?: { readonly add?: unknown; readonly drop?: unknown };
}

/** Helm values: a free-form map. */
export type Values = Readonly<Record<string, unknown>>;

export type FluxKustomization = KubeObject<FluxKustomizationSpec>;
export type HelmRelease = KubeObject<HelmReleaseSpec>;
export type OciRepository = KubeObject<OciRepositorySpec>;
export type PrometheusRule = KubeObject<PrometheusRuleSpec>;

export const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The element list of a value that should be a list; anything else reads as empty. */
export const listOf = <T>(value: unknown): readonly T[] => (Array.isArray(value) ? (value as T[]) : []);

export const isFluxKustomization = (o: KubeObject): o is FluxKustomization => o.kind === 'Kustomization' && String(o.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/');
export const isHelmRelease = (o: KubeObject): o is HelmRelease => o.kind === 'HelmRelease' && o.apiVersion === 'helm.toolkit.fluxcd.io/v2';
export const isPrometheusRule = (o: KubeObject): o is PrometheusRule => o.kind === 'PrometheusRule' && o.apiVersion === 'monitoring.coreos.com/v1';
export const isOciRepository = (o: KubeObject): o is OciRepository => o.kind === 'OCIRepository';
export const isService = (o: KubeObject): o is KubeObject<ServiceSpec> => o.kind === 'Service' && o.apiVersion === 'v1';

/** The namespace an object lands in when it names none. */
export const namespaceOf = (o: KubeObject): string => o.metadata?.namespace ?? 'default';
