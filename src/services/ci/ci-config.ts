import { packageVersion } from '../../private/package-root.js';
import { IssueCollector, quote } from '../../model/input-error.js';

/** What `platform:ci` asks; every field is optional. */
export interface CiAnswers {
  /** Folders holding the GitOps manifests, as `<folder>/**` globs (pull requests touching them run the workflow). */
  gitopsPaths?: string[];
  /** Node.js version for actions/setup-node. */
  nodeVersion?: string;
  /** Write renovate.json (Renovate's flux manager over the GitOps paths). */
  renovate?: boolean;
  /** What `npm install` installs in CI to get `platform-gitops` (a name, name@version, a git or tarball URL). */
  packageSpec?: string;
  /** Validate jobs: above 1, validate runs as a GitHub Actions matrix, each job on its share of the clusters. */
  shards?: number;
}

/** CI answers with every default filled in. */
export interface CiConfig {
  readonly gitopsPaths: readonly string[];
  readonly nodeVersion: string;
  readonly renovate: boolean;
  readonly packageSpec: string;
  readonly shards: number;
}

export const DEFAULT_GITOPS_PATHS: readonly string[] = ['kubernetes/**'];
/** The Active LTS line when this was written (Node 26 became LTS on 2026-10-28; 24 is in maintenance). */
export const DEFAULT_NODE_VERSION = '26';
/** The jobs one GitHub Actions matrix may have. */
export const MAX_CI_SHARDS = 256;

/** The field check of `shards` (and its prompt): the problem, or undefined when `value` is a whole number from 1 to 256. */
export function checkShards(value: unknown): string | undefined {
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_CI_SHARDS ? undefined : `${quote(String(value))} is not a number of validate jobs from 1 to ${MAX_CI_SHARDS}`;
}

/** This package at this exact version, so CI checks with the rules the repository was written with. */
export const DEFAULT_PACKAGE_SPEC = `generator-platform@${packageVersion()}`;

// Paths and the package spec end up in YAML and in a shell `run:` line: only characters that
// mean nothing to either (no space, quote, $, ;, |, &, <, >, backtick) get through.
const FOLDER_GLOB = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._\-/*]+$/;
const NODE_VERSION = /^(?:\d{1,3}(?:\.\d{1,3}){0,2}|lts\/\*|lts\/[a-z]+|latest|node)$/;
const PACKAGE_SPEC = /^[A-Za-z0-9@][A-Za-z0-9@/._:~^#+=-]*$/;
const MAX_TEXT = 200;

/** A folder name or glob as a GitHub paths filter: `kubernetes` and `kubernetes/` mean `kubernetes/**`. */
export function normalizeGitopsPath(path: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  return trimmed.endsWith('**') ? trimmed : `${trimmed}/**`;
}

/**
 * Checks CI answers and fills the defaults.
 * @throws InputError naming every problem
 */
export function resolveCiConfig(input: unknown): CiConfig {
  const issues = new IssueCollector();
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    issues.add('ci-answers-not-map', '(answers)', 'is not a map', 'give {gitopsPaths?, nodeVersion?, renovate?, packageSpec?, shards?}');
    issues.throwIfAny('Invalid answers');
  }
  const answers = (input ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(answers)) {
    if (!['gitopsPaths', 'nodeVersion', 'renovate', 'packageSpec', 'shards'].includes(key)) {
      issues.add('ci-answer-unknown', key, 'is not a CI answer', 'use gitopsPaths, nodeVersion, renovate, packageSpec or shards');
    }
  }
  const gitopsPaths = answers.gitopsPaths ?? DEFAULT_GITOPS_PATHS;
  if (!Array.isArray(gitopsPaths) || gitopsPaths.length === 0) {
    issues.add('ci-gitops-paths-invalid', 'gitopsPaths', 'is not a non-empty list', 'list the folders holding your manifests, e.g. [kubernetes/**]');
  } else {
    gitopsPaths.forEach((path, index) => {
      if (typeof path !== 'string' || path.length > MAX_TEXT || !FOLDER_GLOB.test(normalizeGitopsPath(path))) {
        issues.add(
          'ci-gitops-path-invalid',
          `gitopsPaths[${index}]`,
          `${quote(String(path))} is not a folder of the repository`,
          'use a relative folder or glob of letters, digits, ".", "_", "-", "/" and "*", e.g. kubernetes/**',
        );
      }
    });
  }
  const nodeVersion = answers.nodeVersion ?? DEFAULT_NODE_VERSION;
  if (typeof nodeVersion !== 'string' || !NODE_VERSION.test(nodeVersion)) {
    issues.add('ci-node-version-invalid', 'nodeVersion', `${quote(String(nodeVersion))} is not a Node.js version`, 'use a version such as 20, 20.17 or lts/*');
  }
  const renovate = answers.renovate ?? true;
  if (typeof renovate !== 'boolean') issues.add('ci-renovate-invalid', 'renovate', 'is not true or false', 'use true to write renovate.json, false not to');
  const packageSpec = answers.packageSpec ?? DEFAULT_PACKAGE_SPEC;
  if (typeof packageSpec !== 'string' || packageSpec.length > MAX_TEXT || !PACKAGE_SPEC.test(packageSpec)) {
    issues.add(
      'ci-package-spec-invalid',
      'packageSpec',
      `${quote(String(packageSpec))} is not an npm package spec this workflow can install`,
      'use a name, name@version, or a git/tarball URL without spaces or shell characters, e.g. generator-platform@1',
    );
  }
  const shards = answers.shards ?? 1;
  // Stored answers are JSON: a number, never "4".
  const shardProblem = typeof shards === 'number' ? checkShards(shards) : `${quote(String(shards))} is not a number`;
  if (shardProblem !== undefined) {
    issues.add('ci-shards-invalid', 'shards', shardProblem, `use a whole number from 1 (one validate job) to ${MAX_CI_SHARDS} (GitHub's matrix limit), e.g. --shard 4`);
  }
  issues.throwIfAny('Invalid answers');
  const paths = [...new Set((gitopsPaths as string[]).map(normalizeGitopsPath))];
  return { gitopsPaths: paths, nodeVersion: nodeVersion as string, renovate: renovate as boolean, packageSpec: packageSpec as string, shards: shards as number };
}
