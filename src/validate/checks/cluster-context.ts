import type { Finding, FindingSeverity } from '../finding.js';
import type { KubeObject } from '../objects/kube-objects.js';
import { type RenderedObject, objectId } from '../objects/index.js';
import type { HelmRendered } from './workloads/index.js';
import { type FluxVersion, fluxVersionOf } from './flux-version.js';
import { type PodSecurityLevel, enforcedLevel } from './pod-security-admission.js';

/** What the checks of one cluster may look at. */
export interface ClusterContext {
  readonly cluster: string;
  /** Every object the cluster applies: its own directory's and everything built from it. */
  readonly objects: readonly RenderedObject[];
  /** The cluster's Service CIDR, when known (.yo-rc.json or --service-cidr). */
  readonly serviceCidr?: string;
  /** The Flux version the cluster installs. @default read from the objects (./flux-version); none pinned: the newest Flux */
  readonly fluxVersion?: FluxVersion;
  /**
   * The objects Helm rendered for each HelmRelease (`HelmRelease/<namespace>/<name>`); only
   * present when releases were rendered. Turns on the workload checks (./workloads).
   * @default none: the workload checks do not run
   */
  readonly helmRendered?: HelmRendered;
}

/** Files one finding about the object a reporter was made for. */
export type Report = (code: string, severity: FindingSeverity, path: string | undefined, message: string, fix: string) => void;

/** The objects of one cluster, looked up by identity, and where their findings go. */
export class ClusterIndex {
  readonly findings: Finding[] = [];
  private readonly byId: Map<string, RenderedObject>;
  /** The Flux the cluster installs, when its objects pin one. */
  readonly fluxVersion: FluxVersion | undefined;

  constructor(readonly context: ClusterContext) {
    this.byId = new Map(context.objects.map((entry) => [objectId(entry.object), entry]));
    this.fluxVersion = context.fluxVersion ?? fluxVersionOf(context.objects);
  }

  get objects(): readonly RenderedObject[] {
    return this.context.objects;
  }

  /** The object of that kind, namespace and name (the namespace as written, or `default`). */
  find(kind: string | undefined, namespace: string, name: string | undefined): RenderedObject | undefined {
    return this.byId.get(`${kind}/${namespace}/${name}`) ?? (namespace === 'default' ? this.byId.get(`${kind}/${name}`) : undefined);
  }

  /**
   * The Pod Security level the API server enforces in `namespace`: its Namespace object's
   * `pod-security.kubernetes.io/enforce` label. Undefined when the cluster has no such Namespace
   * object or it has no label (the built-in default then is privileged).
   */
  podSecurityEnforced(namespace: string): PodSecurityLevel | undefined {
    const entry = this.byId.get(`Namespace/${namespace}`);
    return entry ? enforcedLevel(entry.object) : undefined;
  }

  /** Every object that passes `guard`, typed by it. */
  select<T extends KubeObject>(guard: (o: KubeObject) => o is T): Array<RenderedObject & { readonly object: T }> {
    return this.context.objects.filter((entry): entry is RenderedObject & { readonly object: T } => guard(entry.object));
  }

  reporter(entry: RenderedObject): Report {
    const { object, file } = entry;
    return (code, severity, path, message, fix) =>
      this.findings.push({ code, severity, cluster: this.context.cluster, ...(file ? { file } : {}), object: objectId(object), ...(path ? { path } : {}), message, fix });
  }
}
