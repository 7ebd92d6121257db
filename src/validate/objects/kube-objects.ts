import type { IKustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import type { IHelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import type { IOCIRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository';
import type { IHelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IService } from 'kubernetes-models/v1/Service';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import { isMap } from '../../private/is-map.js';
import type { KubeObject } from './kube-object.js';

/**
 * The objects the checks read, in upstream's shape: field names and nesting come from the
 * @kubernetes-models packages (Flux 2.x, prometheus-operator, Kubernetes core; types only, nothing
 * of theirs runs). Rendered objects are untrusted YAML, possibly failing the schema check, so
 * every field is optional and every scalar is `unknown`: a check tests a value's type before it
 * uses it, and a misspelt field is a compile error.
 */
type Untrusted<T> = T extends readonly (infer E)[] ? readonly Untrusted<E>[] : T extends object ? { readonly [K in keyof T]?: Untrusted<NonNullable<T[K]>> } : unknown;

// KubeObject names no upstream type: in its own file, it may appear in public declarations.
export type { KubeObject };

type SpecOf<T extends { spec?: unknown }> = Untrusted<NonNullable<T['spec']>>;

/** One rule of a PrometheusRule group. */
export type PrometheusRuleEntry = NonNullable<NonNullable<SpecOf<IPrometheusRule>['groups']>[number]['rules']>[number];

/** The fields of a pod's or container's securityContext that Pod Security "restricted" reads. */
export type SecurityContext = Untrusted<ISecurityContext>;

/** Helm values: a free-form map. */
export type Values = Readonly<Record<string, unknown>>;

export type FluxKustomization = KubeObject<SpecOf<IKustomization>>;
export type HelmRelease = KubeObject<SpecOf<IHelmRelease>>;
export type OciRepository = KubeObject<SpecOf<IOCIRepository>>;
export type HelmRepository = KubeObject<SpecOf<IHelmRepository>>;
export type PrometheusRule = KubeObject<SpecOf<IPrometheusRule>>;
type Service = KubeObject<SpecOf<IService>>;

export { isMap };

/** A value that should be text: itself when it is a string, else undefined (as if absent). */
export const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The element list of a value that should be a list; anything else reads as empty. */
export const listOf = <T>(value: unknown): readonly T[] => (Array.isArray(value) ? (value as T[]) : []);

/** A Flux Kustomization (kustomize.toolkit.fluxcd.io), not a kustomize.config.k8s.io one; takes any parsed YAML. */
export const isFluxKustomization = (o: unknown): o is FluxKustomization => isMap(o) && o.kind === 'Kustomization' && String(o.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/');
export const isHelmRelease = (o: KubeObject): o is HelmRelease => o.kind === 'HelmRelease' && o.apiVersion === 'helm.toolkit.fluxcd.io/v2';
export const isPrometheusRule = (o: KubeObject): o is PrometheusRule => o.kind === 'PrometheusRule' && o.apiVersion === 'monitoring.coreos.com/v1';
export const isOciRepository = (o: KubeObject): o is OciRepository => o.kind === 'OCIRepository';
export const isService = (o: KubeObject): o is Service => o.kind === 'Service' && o.apiVersion === 'v1';

/** The namespace an object lands in when it names none. */
export const namespaceOf = (o: KubeObject): string => o.metadata?.namespace ?? 'default';
