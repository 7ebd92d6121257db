import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Finding } from '../finding.js';
import { BuildError, type BuiltObject, type KustomizeBuilder } from '../kustomize/index.js';
import { SubstitutionError, substituteResource } from '../substitute/index.js';
import { type RenderedObject, objectId } from '../objects/index.js';
import { type SourceMap, sourceLabel } from '../sources/source-map.js';
import { type FileProblem, problemFindings, repoPath, resolveInside, scanTree } from './confined-tree.js';
import { applyFluxKustomizationSpec } from './kustomization-overlay.js';
import { type OpaqueSource, substitutionVariables } from './substitution-variables.js';

/** What building one cluster's Kustomizations shares. */
export interface WalkContext {
  readonly repo: string;
  readonly cluster: string;
  /** The entry folder (real path): a Kustomization syncing it is the cluster's own sync. */
  readonly entryDir: string;
  readonly builder: KustomizeBuilder;
  readonly sources: SourceMap;
  /** Opaque substituteFrom sources are errors, not notes (`--strict-sources`). */
  readonly strictSources: boolean;
  readonly findings: Finding[];
  /** Sources and opaque Secrets already reported, so each is reported once per cluster. */
  readonly reported: Set<string>;
}

/** Built objects; `self` for the cluster's own sync; `defer` when a substituteFrom source may come later. */
export type BuildOutcome = readonly RenderedObject[] | 'self' | 'defer';

/**
 * Builds one Flux Kustomization as kustomize-controller would: its source's folder, spec.path
 * confined to it, `kustomize build`, the spec's overlay (targetNamespace, patches...), then
 * post-build substitution. Problems become findings and an empty build.
 */
export function buildKustomization(ctx: WalkContext, ks: Record<string, any>, file: string | undefined, known: readonly RenderedObject[], final: boolean): BuildOutcome {
  const object = objectId(ks);
  const at = (where: string | undefined) => (where ? { file: where } : {});
  const add = (code: string, path: string | undefined, message: string, fix: string, where = file, severity: Finding['severity'] = 'error') =>
    ctx.findings.push({ code, severity, cluster: ctx.cluster, ...at(where), object, ...(path ? { path } : {}), message, fix });
  const spec = ks.spec ?? {};
  const namespace = ks.metadata?.namespace ?? 'default';
  const ref = spec.sourceRef ?? {};
  const root = ctx.sources.root(ref, namespace);
  if (!root) {
    const label = sourceLabel(ref, namespace);
    if (!ctx.reported.has(label)) {
      ctx.reported.add(label);
      add(
        'source-not-followed',
        'spec.sourceRef',
        `${label} is not a folder of this repository, so the Kustomizations built from it were not checked`,
        `map it with --source ${ref.name ?? 'NAME'}=DIR to check them too`,
        file,
        'info',
      );
    }
    return [];
  }
  const path = typeof spec.path === 'string' && spec.path !== '' ? spec.path : './';
  const dir = resolveInside(root, path);
  if (dir === 'outside') {
    add(
      'path-outside-source',
      'spec.path',
      `${path} leaves the root of ${sourceLabel(ref, namespace)} (${repoPath(ctx.repo, root)}); Flux builds only inside its source`,
      'point spec.path at a folder inside the source',
    );
    return [];
  }
  if (dir === 'missing' || !statSync(dir).isDirectory()) {
    add('path-missing', 'spec.path', `${path} does not exist in ${sourceLabel(ref, namespace)} (${repoPath(ctx.repo, root)})`, 'point spec.path at a directory of the source');
    return [];
  }
  if (dir === ctx.entryDir) return 'self';
  const problems: FileProblem[] = [];
  scanTree(ctx.repo, dir, () => undefined, problems);
  if (problems.length > 0) {
    ctx.findings.push(...problemFindings(ctx.repo, ctx.cluster, problems));
    return [];
  }
  let built: BuiltObject[];
  try {
    // Overlay files (patches, components) may sit anywhere in the source, never outside it.
    const readFile = (p: string) => {
      const real = resolveInside(root, relative(root, resolve(dir, p)));
      if (real === 'outside' || real === 'missing')
        throw new BuildError(`"${p}" is ${real === 'outside' ? 'outside the source' : 'missing'}`, repoPath(ctx.repo, dir), real === 'outside' ? 'path-outside-source' : 'build-missing-resource');
      return readFileSync(real, 'utf8');
    };
    built = applyFluxKustomizationSpec(ctx.builder.build(dir), spec, readFile);
  } catch (caught) {
    // The Flux overlay reports what kustomize-controller would refuse as plain errors.
    const error = caught instanceof BuildError ? caught : new BuildError((caught as Error).message, repoPath(ctx.repo, dir), 'build-failed');
    const fix =
      error.code === 'build-unsupported'
        ? 'install kustomize or kubectl so the folder is built with real kustomize (remote bases must be vendored: an offline build cannot fetch them)'
        : "fix the kustomization (or the Flux Kustomization's patches, components, images)";
    add(error.code, undefined, `${path}: ${error.message}`, fix, error.file);
    return [];
  }
  const plain = built.map(({ object: o, file: f }) => ({ object: o, ...at(f) }));
  if (!spec.postBuild) return plain;
  // Not final: a source another Kustomization applies later may still appear; report nothing yet.
  const problemsSeen: Array<Parameters<typeof add>> = [];
  // A source the Kustomization applies itself counts: bootstrap applied it first, then Flux keeps it.
  const variables = substitutionVariables(ks, [...known, ...plain], (...args) => problemsSeen.push(args));
  if (!variables.ok && variables.missing && !final) return 'defer';
  for (const args of problemsSeen) add(...args);
  if (!variables.ok) return [];
  for (const source of variables.opaque) reportOpaque(ctx, source);
  return substituteAll(ctx, plain, variables.vars, variables.opaque.length > 0, object);
}

/** One note (or error with --strict-sources) per opaque source and cluster. */
function reportOpaque(ctx: WalkContext, source: OpaqueSource): void {
  if (ctx.reported.has(source.label)) return;
  ctx.reported.add(source.label);
  ctx.findings.push({
    code: 'substitute-source-opaque',
    severity: ctx.strictSources ? 'error' : 'info',
    cluster: ctx.cluster,
    ...(source.file ? { file: source.file } : {}),
    object: source.label.replace(' ', '/'),
    message: `${source.label} is ${source.by}: its keys are unknown offline, so variables it may define were not checked`,
    fix: ctx.strictSources ? 'define the variables in a plain ConfigMap, or drop --strict-sources' : 'pass --strict-sources to treat this as an error',
  });
}

/**
 * Substitutes every object. With an opaque source in play an undefined variable may be defined
 * by it: it stays as written instead of failing; otherwise it fails like Flux's strict mode.
 */
function substituteAll(ctx: WalkContext, objects: readonly RenderedObject[], vars: Map<string, string>, opaque: boolean, by: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const entry of objects) {
    const local = new Map(vars);
    for (;;) {
      try {
        out.push({ ...entry, object: substituteResource(entry.object, local) });
        break;
      } catch (error) {
        if (!(error instanceof SubstitutionError)) throw error;
        if (opaque && error.variable && !local.has(error.variable)) {
          local.set(error.variable, `\${${error.variable}}`);
          continue;
        }
        ctx.findings.push({
          code: 'substitute-undefined',
          severity: 'error',
          cluster: ctx.cluster,
          ...(entry.file ? { file: entry.file } : {}),
          object: objectId(entry.object),
          message: `${error.message} (substituted by ${by}; Flux 2.9 fails the reconcile)`,
          fix: `define ${error.variable ?? 'it'} in cluster-settings (or give a default: \${${error.variable ?? 'VAR'}:=value})`,
        });
        break;
      }
    }
  }
  return out;
}
