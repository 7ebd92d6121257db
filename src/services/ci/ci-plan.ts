import { CHART_OCI_URL, InputError } from '../../model/index.js';
import { type CiConfig } from './ci-config.js';
import { RENOVATE_CONFIG_FILES, type RenovateAdditions, additionsText, extendRenovateConfig } from '../../edit/index.js';
import type { AppPlan, PlannedFile, TreeReader } from '../../kit/index.js';
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
/** How the renovate.json platform-gitops ci writes starts its description: how a later run knows the file is its own. */
const RENOVATE_DESCRIPTION = 'Written by platform-gitops ci (docs/ci.md): coredns chart updates in the GitOps folders';

/** What ci adds to a Renovate config: the flux manager's file patterns and the coredns package rule. */
function renovateAdditions(config: CiConfig): RenovateAdditions {
  return {
    fluxFilePatterns: config.gitopsPaths.map((path) => `${path}/*.{yaml,yml}`),
    packageRule: {
      description: 'One pull request for the coredns chart, from a HelmRepository or an OCIRepository',
      matchManagers: ['flux'],
      matchPackageNames: CHART_PACKAGES,
      groupName: 'coredns chart',
    },
  };
}

/** The file the comment job gathers the shards' reports and the diff into (sharded workflows). */
export const CI_COMMENT_FILE = 'comment.md';

/** The shell lines of the workflow's steps (test/ci/workflow.test.ts and test/ci/shards.test.ts run them). */
function ciCommands(config: CiConfig): { install: string; validate: string; diff: string; gather: string } {
  const n = config.shards;
  return {
    install: `npm install --prefix "${CI_TOOL_PREFIX}" --no-audit --no-fund ${config.packageSpec} && echo "${CI_TOOL_PREFIX}/node_modules/.bin" >> "$GITHUB_PATH"`,
    // SHARD is set from matrix.shard in the step's env; its report is the job's artifact.
    validate: n > 1 ? `platform-gitops validate --shard "$SHARD/${n}" --format github --comment-file "$RUNNER_TEMP/validate-$SHARD.md"` : 'platform-gitops validate --format github',
    // BASE_REF is set from github.base_ref in the step's env: the branch name is data, not script.
    diff: `platform-gitops diff --base "origin/$BASE_REF" --format markdown > "$RUNNER_TEMP/${CI_DIFF_FILE}"`,
    // The diff, then each shard's report in shard order; a shard whose job failed before writing one is named.
    gather: [
      '{',
      `  cat "$RUNNER_TEMP/platform-gitops-diff/${CI_DIFF_FILE}"`,
      `  for shard in $(seq 1 ${n}); do`,
      '    echo',
      '    cat "$RUNNER_TEMP/platform-gitops-validate/validate-$shard.md" 2>/dev/null ||',
      `      printf '## platform-gitops validate (shard %s/${n}): no report\\n\\nIts job ended before validate wrote the report: see the job log.\\n' "$shard"`,
      '  done',
      `} > "$RUNNER_TEMP/${CI_COMMENT_FILE}"`,
    ].join('\n'),
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
        shards: config.shards,
        shardList: Array.from({ length: config.shards }, (_, i) => i + 1),
        // A literal block: the lines are ours alone (the shard count is a checked number).
        gatherLines: commands.gather
          .split('\n')
          .map((line) => `          ${line}`)
          .join('\n'),
        commentFile: CI_COMMENT_FILE,
      }),
    },
  ];
  if (config.renovate) {
    files.push({
      path: RENOVATE_CONFIG_PATH,
      role: 'owned',
      contents: renderTemplate(`ci/${RENOVATE_CONFIG_PATH}.ejs`, {
        description: RENOVATE_DESCRIPTION,
        filePatterns: renovateAdditions(config).fluxFilePatterns,
        rule: renovateAdditions(config).packageRule,
      }),
    });
  }
  return files;
}

/**
 * The CI files for the repository `reader` shows. Without a Renovate config there, as
 * {@link planCi}. With one (in any file Renovate reads, RENOVATE_CONFIG_FILES), the config
 * Renovate reads (the first) is extended in place with our file patterns and package rule, never
 * shadowed by a new renovate.json; a renovate.json an earlier run wrote in front of it is removed
 * (the writer deletes it only as we wrote it). A config that cannot be edited safely (package.json's,
 * or one the edit would not keep whole) stops the run, naming the file and the lines to add.
 * @throws InputError (ci-renovate-config-not-editable)
 */
export function planCiInRepository(config: CiConfig, reader: TreeReader): AppPlan {
  const owned = planCi(config);
  if (!config.renovate) return { files: owned, notes: [] };
  const found = RENOVATE_CONFIG_FILES.filter((path) => isRenovateConfig(path, reader.read(path)));
  const ours = found[0] === RENOVATE_CONFIG_PATH && isOurs(reader.read(RENOVATE_CONFIG_PATH)!);
  const theirs = found.filter((path) => !(ours && path === RENOVATE_CONFIG_PATH));
  const target = theirs[0];
  if (target === undefined) return { files: owned, notes: [] };
  const files = owned.filter((file) => file.path !== RENOVATE_CONFIG_PATH);
  if (ours) files.push({ path: RENOVATE_CONFIG_PATH, role: 'removed', contents: '' });
  const text = reader.read(target)!;
  const additions = renovateAdditions(config);
  const edit =
    target === 'package.json'
      ? { unsafe: 'package.json is not edited (its "renovate" key is deprecated by Renovate, and package.json is often generated, e.g. by projen)' }
      : extendRenovateConfig(target, text, additions);
  if ('unsafe' in edit) {
    const existing = parsedConfig(target, text);
    const lines = additionsText(existing ?? {}, additions)
      .split('\n')
      .map((line) => `      ${line}`)
      .join('\n');
    throw new InputError(
      [
        {
          code: 'ci-renovate-config-not-editable',
          path: target,
          message: `is the Renovate config Renovate reads here, and it cannot be extended in place: ${edit.unsafe}`,
          fix: `set these keys in ${target === 'package.json' ? 'its "renovate" object' : 'it'} by hand (the other keys stay as they are), or run with --no-renovate:\n${lines}`,
        },
      ],
      'Cannot extend the Renovate config',
    );
  }
  files.push({ path: target, role: 'merged', contents: edit.contents });
  const notes = theirs.slice(1).map((path) => `${path} is a Renovate config too, but Renovate reads ${target} first and ignores it: ${target} was extended`);
  return { files, notes };
}

/** A file Renovate would take as the repository config: any of its names, package.json only with a "renovate" key. */
function isRenovateConfig(path: string, text: string | undefined): boolean {
  if (text === undefined) return false;
  return path !== 'package.json' || parsedConfig(path, text) !== undefined;
}

/** The config as JSON reads it (package.json: its "renovate" object); undefined when it is no JSON object. */
function parsedConfig(path: string, text: string): Record<string, unknown> | undefined {
  const asObject = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
  try {
    const value = asObject(JSON.parse(text));
    return path === 'package.json' ? asObject(value?.renovate) : value;
  } catch {
    return undefined;
  }
}

/** A renovate.json an earlier `platform-gitops ci` wrote (its description is ours). */
function isOurs(text: string): boolean {
  const config = parsedConfig(RENOVATE_CONFIG_PATH, text);
  return typeof config?.description === 'string' && config.description === RENOVATE_DESCRIPTION;
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
