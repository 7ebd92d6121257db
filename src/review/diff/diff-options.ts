import { HELP_OPTION, type OptionTable } from '../../options/index.js';
import { DIFF_FORMATS } from './format-diff.js';

/** `platform-gitops diff`. */
export const DIFF_OPTIONS = {
  base: { type: 'string', placeholder: 'REF', description: 'The git ref to compare with (default: the merge base with the default branch, or HEAD when on it)' },
  cluster: { type: 'string', placeholder: 'NAME', description: 'Compare this cluster only' },
  format: { type: 'string', choices: DIFF_FORMATS, default: 'text', description: 'How the changes are printed' },
  'exit-code': { type: 'boolean', default: false, description: 'Exit 1 when a cluster changed, as git diff --exit-code' },
  helm: { type: 'boolean', default: false, description: "Render HelmReleases with Helm on both sides, so a chart bump's real objects are compared (see validate --helm)" },
  'chart-cache': { type: 'string', placeholder: 'DIR', description: 'The chart cache --helm reads (default: the per-user cache folder)' },
  repo: { type: 'string', placeholder: 'DIR', description: 'The repository (default: the working directory)' },
  ...HELP_OPTION,
} as const satisfies OptionTable;
