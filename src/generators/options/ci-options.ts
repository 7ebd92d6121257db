import { DEFAULT_NODE_VERSION, DEFAULT_PACKAGE_SPEC } from '../../model/index.js';
import { COMMON_OPTIONS } from './coredns-options.js';
import type { OptionTable } from '../../options/index.js';

/** `platform:ci` / `platform-gitops ci`: every prompt has one of these. */
export const CI_OPTIONS = {
  'gitops-paths': { type: 'string', description: 'Folders holding the manifests, comma-separated (default kubernetes/**, or the folders the repository uses)' },
  'node-version': { type: 'string', description: `Node.js version the workflow sets up (default ${DEFAULT_NODE_VERSION})` },
  'package-spec': { type: 'string', description: `What the workflow installs with npm to get platform-gitops (default ${DEFAULT_PACKAGE_SPEC})` },
  // No default: absent keeps the stored answer (on at first).
  renovate: { type: 'boolean', description: 'Write renovate.json for coredns chart updates; --no-renovate stops writing it (default on)' },
  reconfigure: { type: 'boolean', default: false, description: 'Ask again, with the stored answers as defaults' },
  interactive: COMMON_OPTIONS.interactive,
  force: COMMON_OPTIONS.force,
  'dry-run': COMMON_OPTIONS['dry-run'],
} as const satisfies OptionTable;
