import { CHART_OCI_URL, type CiConfig } from '../model/index.js';
import type { PlannedFile, TreeReader } from '../kit/index.js';
import { renderTemplate } from './template-renderer.js';

/** The workflow `platform:ci` writes. */
export const CI_WORKFLOW_PATH = '.github/workflows/gitops-validate.yaml';
export const RENOVATE_CONFIG_PATH = 'renovate.json';
/** The file the diff step writes and the comment step posts. */
export const CI_DIFF_FILE = 'diff.md';

/** The package names Renovate's flux manager gives the coredns chart: HelmRepository, OCIRepository. */
const CHART_PACKAGES = ['coredns', CHART_OCI_URL.replace(/^oci:\/\//, '')];

/** The shell lines of the workflow's steps (test/ci/workflow.test.ts runs them). */
function ciCommands(config: CiConfig): { install: string; validate: string; diff: string } {
  return {
    // --no-save: the repository's package.json (if any) stays as committed.
    install: `npm install --no-save ${config.packageSpec}`,
    validate: 'npx platform-gitops validate --format github',
    diff: `npx platform-gitops diff --base origin/\${{ github.base_ref }} --format markdown > ${CI_DIFF_FILE}`,
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
