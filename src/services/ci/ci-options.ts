import { DEFAULT_NODE_VERSION, DEFAULT_PACKAGE_SPEC, MAX_CI_SHARDS, checkShards } from './ci-config.js';
import { COMMON_OPTIONS, type PromptedTable } from '../../options/index.js';

/** `platform:ci` / `platform-gitops ci`: every prompt has one of these. */
export const CI_OPTIONS = {
  // The prompts' defaults are the stored (or detected) answers: the generator passes them.
  'gitops-paths': {
    type: 'string',
    description: 'Folders holding the manifests, comma-separated (default kubernetes/**, or the folders the repository uses)',
    prompt: { type: 'input', message: 'Folders holding the GitOps manifests (comma-separated)' },
  },
  'node-version': {
    type: 'string',
    description: `Node.js version the workflow sets up (default ${DEFAULT_NODE_VERSION})`,
    prompt: { type: 'input', message: 'Node.js version for the workflow' },
  },
  'package-spec': {
    type: 'string',
    description: `What the workflow installs with npm to get platform-gitops (default ${DEFAULT_PACKAGE_SPEC})`,
    prompt: { type: 'input', message: 'npm package the workflow installs platform-gitops from' },
  },
  shard: {
    type: 'string',
    placeholder: 'N',
    description: `Validate jobs: above 1, a GitHub Actions matrix over the clusters, each job validating its share (1-${MAX_CI_SHARDS}; default 1)`,
    prompt: { type: 'input', message: 'Validate jobs (a matrix over the clusters for large fleets; 1 for one job)', check: (value) => checkShards(value.trim()) },
  },
  // No default: absent keeps the stored answer (on at first).
  renovate: {
    type: 'boolean',
    description: 'Write renovate.json for coredns chart updates; --no-renovate stops writing it (default on)',
    prompt: { type: 'confirm', message: 'Write renovate.json (coredns chart updates)?' },
  },
  reconfigure: { type: 'boolean', default: false, description: 'Ask again, with the stored answers as defaults' },
  interactive: COMMON_OPTIONS.interactive,
  force: COMMON_OPTIONS.force,
  'dry-run': COMMON_OPTIONS['dry-run'],
} as const satisfies PromptedTable;
