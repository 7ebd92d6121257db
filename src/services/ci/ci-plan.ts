import { CHART_OCI_URL } from '../../model/index.js';
import { type CiConfig } from './ci-config.js';
import type { PlannedFile, TreeReader } from '../../kit/index.js';
import { renderTemplate } from '../../render/template-renderer.js';

/** The workflow `platform:ci` writes. */
export const CI_WORKFLOW_PATH = '.github/workflows/gitops-validate.yaml';
export const RENOVATE_CONFIG_PATH = 'renovate.json';
/** The file the diff step writes (in the runner's temp folder, never the checkout) and the comment job posts. */
export const CI_DIFF_FILE = 'diff.md';

/**
 * The actions the workflow uses, each pinned to the full commit of a release (a tag can be
 * moved; a commit cannot), the tag in a comment for people and Renovate. Checked against the
 * actions' own repositories; update all with the tests in test/ci/workflow.test.ts.
 */
export const CI_ACTIONS = {
  checkout: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
  setupNode: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0',
  uploadArtifact: 'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0',
  downloadArtifact: 'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1',
  stickyComment: 'marocchino/sticky-pull-request-comment@5770ad5eb8f42dd2c4f34da00c94c5381e49af88 # v3.0.5',
} as const;

/**
 * Where the install step puts platform-gitops: the runner's temp folder, outside the checkout
 * (whose .npmrc, package.json and node_modules are the pull request's); its bin folder goes on
 * PATH for the later steps through $GITHUB_PATH.
 */
export const CI_TOOL_PREFIX = '$RUNNER_TEMP/platform-gitops';

/** The package names Renovate's flux manager gives the coredns chart: HelmRepository, OCIRepository. */
const CHART_PACKAGES = ['coredns', CHART_OCI_URL.replace(/^oci:\/\//, '')];

/** The shell lines of the workflow's steps (test/ci/workflow.test.ts runs them). */
function ciCommands(config: CiConfig): { install: string; validate: string; diff: string } {
  return {
    install: `npm install --prefix "${CI_TOOL_PREFIX}" --no-audit --no-fund ${config.packageSpec} && echo "${CI_TOOL_PREFIX}/node_modules/.bin" >> "$GITHUB_PATH"`,
    validate: 'platform-gitops validate --format github',
    // BASE_REF is set from github.base_ref in the step's env: the branch name is data, not script.
    diff: `platform-gitops diff --base "origin/$BASE_REF" --format markdown > "$RUNNER_TEMP/${CI_DIFF_FILE}"`,
  };
}

/**
 * The files `platform:ci` owns whole: the workflow and (unless turned off) renovate.json. They
 * depend on the answers alone, never on the repository, so their rendering is also what tells
 * a hand edit from an old rendering.
 */
export function planCi(config: CiConfig): PlannedFile[] {
  const commands = ciCommands(config);
  // The workflow file itself triggers a run, so a change to it is tested by it.
  const paths = [...config.gitopsPaths, CI_WORKFLOW_PATH];
  const files: PlannedFile[] = [
    {
      path: CI_WORKFLOW_PATH,
      role: 'owned',
      contents: renderTemplate(`ci/${CI_WORKFLOW_PATH}.ejs`, {
        paths,
        actions: CI_ACTIONS,
        nodeVersion: config.nodeVersion,
        installCommand: commands.install,
        validateCommand: commands.validate,
        diffCommand: commands.diff,
        diffFile: CI_DIFF_FILE,
      }),
    },
  ];
  if (config.renovate) {
    files.push({
      path: RENOVATE_CONFIG_PATH,
      role: 'owned',
      contents: renderTemplate(`ci/${RENOVATE_CONFIG_PATH}.ejs`, {
        description: 'Written by platform-gitops ci (docs/ci.md): coredns chart updates in the GitOps folders',
        filePatterns: config.gitopsPaths.map((path) => `${path}/*.{yaml,yml}`),
        chartPackages: CHART_PACKAGES,
      }),
    });
  }
  return files;
}

/**
 * The GitOps folders a repository uses, for the default of `gitopsPaths`: `kubernetes/` (what
 * platform:coredns writes) when present, else the top-level folders of flux2's example layout
 * that exist (clusters/, infrastructure/, apps/), else `kubernetes/**`.
 */
export function detectGitopsPaths(reader: TreeReader): string[] {
  const folders = new Set(
    reader
      .list('')
      .filter((entry) => entry.isDirectory)
      .map((entry) => entry.name),
  );
  if (folders.has('kubernetes')) return ['kubernetes/**'];
  const found = ['clusters', 'infrastructure', 'apps'].filter((name) => folders.has(name));
  return found.length > 0 ? found.map((name) => `${name}/**`) : ['kubernetes/**'];
}
