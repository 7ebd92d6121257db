import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Finding } from './finding.js';
import { BuildError, KustomizeBuilder } from './kustomize/index.js';
import { SubstitutionError, VARIABLE_NAME, substituteResource } from './substitute/index.js';
import { type HelmReleaseSummary, type RenderedObject, checkCluster, objectId } from './checks/index.js';

export interface ValidateOptions {
  /** The GitOps repository (holding kubernetes/clusters/<name>/). @default process.cwd() */
  readonly repo?: string;
  /** Validate only this cluster. @default every cluster */
  readonly cluster?: string;
  /** Build with this kustomize or kubectl binary instead of in process. @default in process */
  readonly kustomizeBin?: string;
  /** Service CIDR per cluster, over what .yo-rc.json records. @default from .yo-rc.json */
  readonly serviceCidrs?: Readonly<Record<string, string>>;
}

export interface ClusterReport {
  readonly name: string;
  /**
   * Every object the cluster applies, after build and substitution, each with the Flux
   * Kustomization that applies it (`appliedBy`). Not enumerable: kept out of `--format json`;
   * `diff` and `graph` read it.
   */
  readonly rendered?: readonly RenderedObject[];
  /** The Flux Kustomizations applied, in the order they were followed. */
  readonly kustomizations: readonly string[];
  /** Number of objects the cluster applies. */
  readonly objects: number;
  readonly helmReleases: readonly HelmReleaseSummary[];
}

export interface ValidationReport {
  readonly repo: string;
  readonly clusters: readonly ClusterReport[];
  readonly findings: readonly Finding[];
  readonly errors: number;
  readonly warnings: number;
}

const CLUSTERS_DIR = 'kubernetes/clusters';

/**
 * Proves a repository right offline, per cluster, as Flux would apply it: starts from the
 * cluster's Flux Kustomizations, builds each path, substitutes like Flux 2.9, follows the child
 * Kustomizations it emits, and checks every object.
 */
export function validateRepo(options: ValidateOptions = {}): ValidationReport {
  const repo = resolve(options.repo ?? process.cwd());
  const builder = new KustomizeBuilder(repo, options.kustomizeBin);
  const findings: Finding[] = [];
  const clustersRoot = join(repo, CLUSTERS_DIR);
  let names = existsSync(clustersRoot) ? readdirSync(clustersRoot, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort() : [];
  if (names.length === 0) {
    findings.push({ code: 'no-clusters', severity: 'error', file: CLUSTERS_DIR, message: `no cluster directory under ${CLUSTERS_DIR}/`, fix: 'run platform-gitops coredns first, or pass --repo with the repository root' });
  }
  if (options.cluster !== undefined) {
    if (!names.includes(options.cluster)) {
      findings.push({ code: 'cluster-unknown', severity: 'error', message: `no cluster "${options.cluster}" under ${CLUSTERS_DIR}/ (${names.join(', ') || 'none'})`, fix: 'name one of the cluster directories' });
    }
    names = names.filter((name) => name === options.cluster);
  }
  const cidrs = { ...storedServiceCidrs(repo), ...options.serviceCidrs };
  const clusters = names.map((name) => validateCluster(repo, name, builder, cidrs[name], findings));
  return {
    repo,
    clusters,
    findings,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

function validateCluster(repo: string, name: string, builder: KustomizeBuilder, serviceCidr: string | undefined, findings: Finding[]): ClusterReport {
  const own = readTreeObjects(repo, join(repo, CLUSTERS_DIR, name), name, findings);
  const rendered: RenderedObject[] = [...own];
  const isFluxKs = (o: Record<string, any>) => o.kind === 'Kustomization' && String(o.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/');
  const queue = own.filter(({ object }) => isFluxKs(object));
  const followed: string[] = [];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { object: ks, file } = queue.shift()!;
    const id = objectId(ks);
    if (seen.has(id)) continue;
    seen.add(id);
    followed.push(id);
    const emitted = buildKustomization(repo, name, ks, file, own, builder, findings);
    for (const built of emitted) {
      const entry: RenderedObject = { ...built, appliedBy: id };
      rendered.push(entry);
      const ref = entry.object.spec?.sourceRef;
      if (isFluxKs(entry.object) && ref?.kind === ks.spec?.sourceRef?.kind && ref?.name === ks.spec?.sourceRef?.name) queue.push(entry);
    }
  }
  if (serviceCidr === undefined) {
    findings.push({ code: 'service-cidr-unknown', severity: 'info', cluster: name, message: 'the Service CIDR is not recorded, so ClusterIPs were not checked against it', fix: `pass --service-cidr ${name}=CIDR, or keep .yo-rc.json from platform:coredns` });
  }
  const result = checkCluster({ cluster: name, objects: rendered, ...(serviceCidr ? { serviceCidr } : {}) });
  findings.push(...result.findings);
  const report: ClusterReport = { name, kustomizations: followed, objects: rendered.length, helmReleases: result.helmReleases };
  Object.defineProperty(report, 'rendered', { value: rendered, enumerable: false });
  return report;
}

/** Builds one Flux Kustomization's path and substitutes its output; findings for what fails. */
function buildKustomization(repo: string, cluster: string, ks: Record<string, any>, file: string | undefined, own: RenderedObject[], builder: KustomizeBuilder, findings: Finding[]): RenderedObject[] {
  const object = objectId(ks);
  const add = (code: string, path: string | undefined, message: string, fix: string, at = file) =>
    findings.push({ code, severity: 'error', cluster, ...(at ? { file: at } : {}), object, ...(path ? { path } : {}), message, fix });
  const path = ks.spec?.path;
  if (typeof path !== 'string') return [];
  const dir = join(repo, path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    add('path-missing', 'spec.path', `${path} does not exist in the repository`, 'point spec.path at a directory of the repository');
    return [];
  }
  let built;
  try {
    built = builder.build(dir);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    add(error.code, undefined, `${path}: ${error.message}`, error.code === 'build-unsupported' ? 'use --kustomize-bin (or --use-path-kustomize) to build with the real kustomize' : 'fix the kustomization', error.file);
    return [];
  }
  const postBuild = ks.spec?.postBuild;
  if (!postBuild) return built.map(({ object: o, file: f }) => ({ object: o, ...(f ? { file: f } : {}) }));
  const vars = substitutionVariables(ks, own, add);
  if (!vars) return [];
  const out: RenderedObject[] = [];
  for (const entry of built) {
    try {
      out.push({ object: substituteResource(entry.object, vars), ...(entry.file ? { file: entry.file } : {}) });
    } catch (error) {
      if (!(error instanceof SubstitutionError)) throw error;
      findings.push({ code: 'substitute-undefined', severity: 'error', cluster, ...(entry.file ? { file: entry.file } : {}), object: objectId(entry.object), message: `${error.message} (substituted by ${object}; Flux 2.9 fails the reconcile)`, fix: `define ${error.variable ?? 'it'} in cluster-settings (or give a default: \${${error.variable ?? 'VAR'}:=value})` });
    }
  }
  return out;
}

/** Flux's variables: substituteFrom in order (later wins), then inline substitute over all. */
function substitutionVariables(ks: Record<string, any>, own: RenderedObject[], add: (code: string, path: string | undefined, message: string, fix: string) => void): Map<string, string> | undefined {
  const vars = new Map<string, string>();
  const namespace = ks.metadata?.namespace ?? 'default';
  let ok = true;
  (ks.spec.postBuild.substituteFrom ?? []).forEach((ref: { kind: string; name: string; optional?: boolean }, index: number) => {
    const source = own.find(({ object }) => object.kind === ref.kind && object.metadata?.name === ref.name && (object.metadata?.namespace ?? 'default') === namespace);
    if (!source) {
      if (!ref.optional) {
        add('substitute-source-missing', `spec.postBuild.substituteFrom[${index}]`, `${ref.kind} ${namespace}/${ref.name} is not in the cluster's directory; Flux fails the reconcile`, `add it to the cluster's directory, or mark it optional: true`);
        ok = false;
      }
      return;
    }
    const data: Record<string, unknown> = ref.kind === 'Secret'
      ? { ...Object.fromEntries(Object.entries(source.object.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')])), ...source.object.stringData }
      : { ...source.object.data };
    for (const [key, value] of Object.entries(data)) {
      if (!VARIABLE_NAME.test(key)) {
        // Secret values are never printed: only names.
        add('substitute-invalid-variable-name', `spec.postBuild.substituteFrom[${index}]`, `${ref.kind} ${ref.name} has key "${key}", not a valid variable name: substitution fails for the whole Kustomization`, 'rename the key to letters, digits and "_", not starting with a digit');
        ok = false;
      }
      vars.set(key, String(value));
    }
  });
  for (const [key, value] of Object.entries(ks.spec.postBuild.substitute ?? {})) {
    if (!VARIABLE_NAME.test(key)) {
      add('substitute-invalid-variable-name', `spec.postBuild.substitute.${key}`, `"${key}" is not a valid variable name`, 'rename it to letters, digits and "_"');
      ok = false;
    }
    vars.set(key, String(value));
  }
  return ok ? vars : undefined;
}

/** Every object in the YAML files under `dir` (what the cluster's own sync applies). */
function readTreeObjects(repo: string, dir: string, cluster: string, findings: Finding[]): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...readTreeObjects(repo, path, cluster, findings));
      continue;
    }
    if (!/\.ya?ml$/.test(entry.name) || /^kustomization\.ya?ml$/.test(entry.name)) continue;
    const file = relative(repo, path).split(sep).join('/');
    for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
      if (doc.errors.length > 0) {
        findings.push({ code: 'yaml-invalid', severity: 'error', cluster, file, message: `not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, fix: 'repair the file' });
        break;
      }
      const object = doc.toJS();
      if (object && typeof object === 'object' && object.kind) out.push({ object, file });
    }
  }
  return out;
}

/** Service CIDRs recorded by platform:coredns in .yo-rc.json. */
function storedServiceCidrs(repo: string): Record<string, string> {
  const file = join(repo, '.yo-rc.json');
  if (!existsSync(file)) return {};
  try {
    const clusters = JSON.parse(readFileSync(file, 'utf8'))?.['generator-platform']?.coredns?.clusters ?? [];
    return Object.fromEntries(clusters.filter((c: any) => typeof c?.name === 'string' && typeof c?.serviceCidr === 'string').map((c: any) => [c.name, c.serviceCidr]));
  } catch {
    return {};
  }
}
