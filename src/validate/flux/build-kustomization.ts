import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactSpec, Engine, EngineObject } from '../../engine/index.js';
import type { ArtifactBuild } from '../sources/artifact-generators.js';
import type { Finding } from '../finding.js';
import { type RenderedObject, type UntrustedObject, fieldAt, objectId } from '../objects/index.js';
import { type SourceMap, type SourceRef, sourceLabel } from '../sources/source-map.js';
import { listOf } from '../objects/kube-objects.js';
import { isMap } from '../../private/is-map.js';
import { type FileProblem, problemFindings, problemFix, repoPath, resolveInside, scanTree } from './confined-tree.js';
import { type OpaqueSource, substitutionVariables } from './substitution-variables.js';
import { definedOutsideFlux } from '../sources/outside-flux.js';
import { STRICT_SUBSTITUTION_FLUX, fluxVersionOf, strictSubstitution } from '../checks/flux-version.js';

/** What building one cluster's Kustomizations shares. */
export interface WalkContext {
  readonly repo: string;
  readonly cluster: string;
  /** The entry folder (real path): a Kustomization syncing it is the cluster's own sync. */
  readonly entryDir: string;
  /** Every cluster's entry folder in the repository (real paths): what Flux applies, not a bootstrap. */
  readonly entryDirs: readonly string[];
  /** Builds each Kustomization with Flux's own libraries. */
  readonly engine: Engine;
  readonly sources: SourceMap;
  /** Opaque substituteFrom sources are errors, not notes (`--strict-sources`). */
  readonly strictSources: boolean;
  readonly findings: Finding[];
  /** Sources and opaque Secrets already reported, so each is reported once per cluster. */
  readonly reported: Set<string>;
  /**
   * The file problems below each folder already scanned in this run, shared by its clusters
   * (the files do not change during a run, as the engine's snapshot assumes). @default every build scans
   */
  readonly scanned?: Map<string, readonly FileProblem[]>;
}

/** Built objects; `self` for the cluster's own sync; `defer` when a substituteFrom source may come later. */
export type BuildOutcome = readonly RenderedObject[] | 'self' | 'defer';

/**
 * Builds one Flux Kustomization as kustomize-controller would, in the engine (Flux's generator,
 * kustomize and post-build substitution on the source confined to its root). Problems become
 * findings and an empty build.
 */
export async function buildKustomization(ctx: WalkContext, ks: UntrustedObject, file: string | undefined, known: readonly RenderedObject[], final: boolean): Promise<BuildOutcome> {
  const object = objectId(ks);
  const at = (where: string | undefined) => (where ? { file: where } : {});
  const add = (code: string, path: string | undefined, message: string, fix: string, where = file, severity: Finding['severity'] = 'error') =>
    ctx.findings.push({ code, severity, cluster: ctx.cluster, ...at(where), object, ...(path ? { path } : {}), message, fix });
  const spec: Readonly<Record<string, unknown>> = isMap(ks.spec) ? ks.spec : {};
  const namespace = ks.metadata?.namespace ?? 'default';
  const ref: SourceRef = isMap(spec.sourceRef) ? spec.sourceRef : {};
  // An ExternalArtifact an ArtifactGenerator composes from folders here: the engine copies it
  // out of the repository's snapshot, and files are named as the repository's.
  const generated = ctx.sources.artifact(ref, namespace);
  const composed = generated?.build;
  const root = composed ? ctx.repo : ctx.sources.root(ref, namespace);
  if (!root) {
    // The ArtifactGenerator making it may be applied by a Kustomization not built yet: retry after the rest.
    if (!final && ref.kind === 'ExternalArtifact') return 'defer';
    const label = sourceLabel(ref, namespace);
    if (!ctx.reported.has(label)) {
      ctx.reported.add(label);
      add(
        'source-not-followed',
        'spec.sourceRef',
        generated?.unfollowed
          ? `${label} is not checked: ${generated.unfollowed}, so the Kustomizations built from it were not checked`
          : `${label} is not a folder of this repository, so the Kustomizations built from it were not checked`,
        `map it with --source ${ref.name ?? 'NAME'}=DIR to check them too`,
        file,
        'info',
      );
    }
    return [];
  }
  const path = typeof spec.path === 'string' && spec.path !== '' ? spec.path : './';
  const source = composed ? { artifact: artifactRequest(composed, known) } : sourceIgnore(ref, namespace, known);
  const dir = composed ? root : await checkedFolder();
  if (dir === undefined) return [];
  if (dir === 'self') return 'self';
  async function checkedFolder(): Promise<string | 'self' | undefined> {
    const folder = resolveInside(root!, path);
    if (folder === 'outside') {
      add(
        'path-outside-source',
        'spec.path',
        `${path} leaves the root of ${sourceLabel(ref, namespace)} (${repoPath(ctx.repo, root!)}); Flux builds only inside its source`,
        'point spec.path at a folder inside the source',
      );
      return undefined;
    }
    if (folder === 'missing' || !statSync(folder).isDirectory()) {
      add('path-missing', 'spec.path', `${path} does not exist in ${sourceLabel(ref, namespace)} (${repoPath(ctx.repo, root!)})`, 'point spec.path at a directory of the source');
      return undefined;
    }
    if (folder === ctx.entryDir) return 'self';
    let problems = ctx.scanned?.get(folder);
    if (!problems) {
      const found: FileProblem[] = [];
      scanTree(ctx.repo, folder, () => undefined, found);
      problems = found;
      ctx.scanned?.set(folder, problems);
    }
    if (problems.length > 0) {
      ctx.findings.push(...problemFindings(ctx.repo, ctx.cluster, problems));
      return undefined;
    }
    return folder;
  }
  // Outside the engine's view: which substituteFrom sources this cluster applies (they may come
  // from a later Kustomization), and which are opaque offline.
  let variables: Readonly<Record<string, unknown>>[] = [];
  let opaque = false;
  if (spec.postBuild) {
    const lookUp = (objects: readonly RenderedObject[]) => {
      const problemsSeen: Array<Parameters<typeof add>> = [];
      return { found: substitutionVariables(ks, objects, (...args) => problemsSeen.push(args)), problemsSeen };
    };
    let { found, problemsSeen } = lookUp(known);
    if (!found.ok && found.missing) {
      // A source the Kustomization applies itself counts: bootstrap applied it first, then Flux keeps it.
      const plainSpec = { ...spec };
      delete plainSpec.postBuild;
      const plain = await ctx.engine.build({ sourceRoot: root, kustomization: { ...ks, spec: plainSpec }, ...source });
      if (plain.ok) ({ found, problemsSeen } = lookUp([...known, ...plain.result.objects.map((o) => ({ object: o.object as UntrustedObject, ...(o.encrypted ? { encrypted: true } : {}) }))]));
    }
    // Not final: a source another Kustomization applies later may still appear; report nothing yet.
    if (!found.ok && found.missing && !final) return 'defer';
    if (!found.ok && found.missing) {
      // Last resort: one the repository defines outside the Flux tree (its bootstrap) exists on the cluster.
      const outside = listOf(fieldAt(spec.postBuild, 'substituteFrom')).flatMap((ref) => {
        const kind = fieldAt(ref, 'kind');
        const name = fieldAt(ref, 'name');
        const made = typeof kind === 'string' && typeof name === 'string' ? definedOutsideFlux(ctx.repo, kind, namespace, name, ctx.entryDirs) : undefined;
        return made ? [made] : [];
      });
      if (outside.length > 0) ({ found, problemsSeen } = lookUp([...known, ...outside]));
    }
    for (const args of problemsSeen) add(...args);
    if (!found.ok) return [];
    for (const source of found.opaque) reportOpaque(ctx, source);
    variables = found.sources;
    opaque = found.opaque.length > 0;
  }
  const fromSource = (f: string | undefined) => (f ? repoPath(ctx.repo, join(root, f)) : undefined);
  // Built strictly first, to find an undefined variable; with an opaque source in play it may be
  // defined there, so it stays as written.
  const request = { sourceRoot: root, kustomization: ks, variables, strict: true, keepUndefined: opaque, ...source };
  let outcome = await ctx.engine.build(request);
  if (!outcome.ok && outcome.problem.code === 'substitute-undefined') {
    const variable = /variable (\S+) is not defined/.exec(outcome.problem.message)?.[1];
    // The Flux the cluster installs decides: from 2.9 the reconcile fails; before, the variable
    // becomes an empty string, and the warning names the upgrade it blocks.
    const flux = fluxVersionOf(known);
    const strict = strictSubstitution(flux);
    const what = outcome.problem.message.replace(' (strict substitution)', '');
    ctx.findings.push({
      code: 'substitute-undefined',
      severity: strict ? 'error' : 'warning',
      cluster: ctx.cluster,
      ...at(fromSource(outcome.problem.file)),
      object: outcome.problem.object ?? object,
      message: strict
        ? `${what} (substituted by ${object}; Flux ${flux ? `${flux.written} (${flux.from})` : STRICT_SUBSTITUTION_FLUX} fails the reconcile)`
        : `${what} (substituted by ${object}): Flux ${flux!.written} (${flux!.from}) substitutes an empty string; Flux ${STRICT_SUBSTITUTION_FLUX} fails the reconcile, so it blocks that upgrade`,
      fix: `define ${variable ?? 'it'} in cluster-settings (or give a default: \${${variable ?? 'VAR'}:=value})`,
    });
    // The objects are still checked: with the variable left as written where Flux fails, as an
    // empty string where Flux applies that.
    outcome = await ctx.engine.build(strict ? { ...request, keepUndefined: true } : { ...request, strict: false });
  }
  if (!outcome.ok && outcome.problem.code === 'artifact-copy-failed' && composed) {
    // Flux fails the ArtifactGenerator: the artifact never exists. Reported once, on the generator.
    const once = `${composed.generator} ${generated.name}`;
    if (!ctx.reported.has(once)) {
      ctx.reported.add(once);
      ctx.findings.push({
        code: 'artifact-copy-failed',
        severity: 'error',
        cluster: ctx.cluster,
        ...at(composed.file),
        object: composed.generator,
        path: 'spec.artifacts',
        message: `artifact ${generated.name}: ${outcome.problem.message}; source-watcher fails it, so ${object} and any other Kustomization built from it are not applied`,
        fix: 'copy from a path inside the source (no absolute path, no .. above its root) that exists, into @artifact/ below its root',
      });
    }
    return [];
  }
  if (!outcome.ok) {
    const { code, message, file: where } = outcome.problem;
    // One note per remote base and cluster, however many Kustomizations build that folder.
    const once = `${code} ${root} ${where ?? ''} ${message}`;
    if (code === 'build-remote-base' && ctx.reported.has(once)) return [];
    ctx.reported.add(once);
    const fix =
      code === 'build-remote-base'
        ? 'nothing to fix if the base is reachable: Flux fetches it; an offline check cannot (vendor it to have it checked)'
        : (problemFix(code) ??
          (code.startsWith('substitute-') ? "fix the variable expression or the Kustomization's postBuild" : "fix the kustomization (or the Flux Kustomization's patches, components, images)"));
    add(code, undefined, `${path}: ${message}`, fix, fromSource(where) ?? (composed ? file : repoPath(ctx.repo, dir)), code === 'build-remote-base' ? 'info' : 'error');
    return [];
  }
  return outcome.result.objects.map((o: EngineObject) => ({ object: o.object as UntrustedObject, ...at(fromSource(o.file)), ...(o.encrypted ? { encrypted: true } : {}) }));
}

/** The engine's description of an ExternalArtifact: each alias's folder (and its spec.ignore) and the copy rules. */
function artifactRequest(build: ArtifactBuild, known: readonly RenderedObject[]): ArtifactSpec {
  const sources = build.sources.map(({ alias, ref, root }) => ({ alias, root, ...sourceIgnore(ref, ref.namespace ?? 'default', known) }));
  return { sources, copy: build.copy };
}

/** `{ ignore }` when the GitRepository `ref` names is among the cluster's objects and has spec.ignore. */
function sourceIgnore(ref: { kind?: string; name?: string; namespace?: string }, namespace: string, known: readonly RenderedObject[]): { ignore?: string } {
  if (ref.kind !== 'GitRepository') return {};
  const ns = ref.namespace ?? namespace;
  const source = known.find(({ object }) => object.kind === 'GitRepository' && object.metadata?.name === ref.name && (object.metadata?.namespace ?? 'default') === ns);
  const ignore = fieldAt(source?.object, 'spec', 'ignore');
  return typeof ignore === 'string' && ignore !== '' ? { ignore } : {};
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
