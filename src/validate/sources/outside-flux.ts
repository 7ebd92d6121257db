import { type Dirent, existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Document, parseAllDocuments } from 'yaml';
import type { RenderedObject } from '../objects/index.js';
import { type FileProblem, MAX_FILE_BYTES, isInside, repoPath, scanTree } from '../flux/confined-tree.js';

/** The `namespace:` of the kustomization.yaml in `dir`, which a bootstrap `kustomize build` gives objects without one. */
function kustomizationNamespace(dir: string): string | undefined {
  for (const name of ['kustomization.yaml', 'kustomization.yml']) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    try {
      const ns = parseAllDocuments(readFileSync(file, 'utf8'))[0]?.toJS()?.namespace;
      return typeof ns === 'string' ? ns : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A document's value; undefined for one yaml refuses to expand (an alias bomb: not a bootstrap's object). */
function jsOf(doc: Document.Parsed): { kind?: unknown; apiVersion?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null | undefined {
  try {
    return doc.toJS() as ReturnType<typeof jsOf>;
  } catch {
    return undefined;
  }
}

/**
 * A ConfigMap or Secret the repository defines in a file that no Flux Kustomization of the
 * cluster applies (a bootstrap folder applied by a script, often with its values injected by a
 * secret manager): it exists on the cluster, its keys are unknown here. As a stand-in marked
 * opaque, or undefined when no file defines it. Files in any cluster's entry folder (`fluxTrees`)
 * are Flux's, not a bootstrap's: another cluster's settings never stand in for this one's. The namespace is the object's own, else that of
 * the kustomization.yaml beside it; neither is a match for any namespace.
 */
export function definedOutsideFlux(repo: string, kind: string, namespace: string, name: string, fluxTrees: readonly string[]): RenderedObject | undefined {
  let found: RenderedObject | undefined;
  const problems: FileProblem[] = [];
  scanTree(
    repo,
    repo,
    (path) => {
      if (found || !isInside(repo, path) || /(^|\/)kustomization\.ya?ml$/.test(path) || fluxTrees.some((tree) => isInside(tree, path))) return;
      const text = readFileSync(path, 'utf8');
      if (!text.includes(name)) return;
      for (const doc of parseAllDocuments(text)) {
        const o = doc.errors.length === 0 ? jsOf(doc) : undefined;
        if (o?.kind !== kind || o.apiVersion !== 'v1' || o.metadata?.name !== name) continue;
        const ns = o.metadata?.namespace ?? kustomizationNamespace(dirname(path));
        if (ns !== undefined && ns !== namespace) continue;
        const file = repoPath(repo, path);
        found = { object: { apiVersion: 'v1', kind, metadata: { name, namespace } }, file, opaqueBy: `defined outside what Flux applies (${file}: a bootstrap applies it)` };
        return;
      }
    },
    problems,
  );
  return found ?? definedByTerraform(repo, kind, namespace, name) ?? definedByKubectl(repo, kind, namespace, name);
}

/** Files below `dir` whose name passes `named`: regular files only (no link is followed), none over the size limit, never in .git or node_modules. */
function filesNamed(dir: string, named: RegExp, depth = 0): string[] {
  if (depth > 8) return [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // a folder this user cannot list holds nothing readable
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '.git' || entry.name === 'node_modules' ? [] : filesNamed(path, named, depth + 1);
    return entry.isFile() && named.test(entry.name) && lstatSync(path).size <= MAX_FILE_BYTES ? [path] : [];
  });
}

/**
 * A ConfigMap or Secret the repository's Terraform (OpenTofu) creates before Flux runs: a
 * `kubernetes_config_map`/`kubernetes_secret` (or `_v1`) resource, or a manifest resource whose
 * body says `kind = "ConfigMap"`, with `name = "..."` and `namespace = "..."` in its metadata.
 * An interpolation in the name (`eks-${var.cluster_name}-vars`) matches any value, as the
 * variable's value is not known here. Opaque, like one a bootstrap applies.
 */
function definedByTerraform(repo: string, kind: string, namespace: string, name: string): RenderedObject | undefined {
  const resourceKind = kind === 'ConfigMap' ? 'config_map' : 'secret';
  for (const path of filesNamed(repo, /\.tf$/)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // unreadable: it proves nothing
    }
    // Each resource block, up to the next one.
    for (const block of text.split(/^resource\s+/m).slice(1)) {
      const typed = new RegExp(`^"kubernetes_${resourceKind}(_v1)?"`).test(block) || new RegExp(`kind\\s*[=:]\\s*"${kind}"`).test(block);
      const metaName = /\bname\s*[=:]\s*"([^"]+)"/.exec(block.slice(block.indexOf('metadata')))?.[1];
      const metaNamespace = /\bnamespace\s*[=:]\s*"([^"]+)"/.exec(block.slice(block.indexOf('metadata')))?.[1];
      if (!typed || !block.includes('metadata') || metaName === undefined || (metaNamespace ?? 'default') !== namespace) continue;
      const pattern = metaName
        .split(/\$\{[^}]*\}/)
        .map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'))
        .join('[a-z0-9.-]*');
      if (!new RegExp(`^${pattern}$`).test(name)) continue;
      const file = repoPath(repo, path);
      return { object: { apiVersion: 'v1', kind, metadata: { name, namespace } }, file, opaqueBy: `created by Terraform (${file}) before Flux runs` };
    }
  }
  return undefined;
}

/** Where a setup's commands are written down: shell scripts, READMEs, task runners, CI and CloudFormation templates. */
const SETUP_FILES = /(\.(sh|bash|zsh|md|ya?ml|json)|^Makefile|^Taskfile.*|^justfile)$/i;
/** `kubectl ... create configmap NAME` or `create secret <type> NAME`, the namespace anywhere on the command. */
const KUBECTL_CREATE = /\bkubectl\b[^\n]*?\screate\s+(configmap|cm|secret\s+(?:generic|tls|docker-registry))\s+([a-z0-9][a-z0-9.-]*)([^\n]*)/g;

/**
 * A ConfigMap or Secret a setup step of the repository creates with `kubectl create` before Flux
 * runs (a README's or a script's command, CloudFormation user data): it exists on the cluster
 * that setup made, its keys are unknown here. The command must name the same namespace
 * (`-n`/`--namespace`; without one, kubectl's `default`).
 */
function definedByKubectl(repo: string, kind: string, namespace: string, name: string): RenderedObject | undefined {
  for (const path of filesNamed(repo, SETUP_FILES)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue; // unreadable: it proves nothing
    }
    if (!text.includes(name) || !text.includes('kubectl')) continue;
    // A command continued over lines (`\`, or `\\` inside a YAML string) is one line.
    const commands = text.replace(/\\{1,2}\r?\n/g, ' ');
    for (const match of commands.matchAll(KUBECTL_CREATE)) {
      const [whole, what, created] = match;
      if ((what!.startsWith('secret') ? 'Secret' : 'ConfigMap') !== kind || created !== name) continue;
      const stated = /\s(?:-n|--namespace)(?:\s+|=)([a-z0-9][a-z0-9-]*)/.exec(whole)?.[1];
      if ((stated ?? 'default') !== namespace) continue;
      const file = repoPath(repo, path);
      return { object: { apiVersion: 'v1', kind, metadata: { name, namespace } }, file, opaqueBy: `created by \`kubectl create\` in ${file} before Flux runs` };
    }
  }
  return undefined;
}
