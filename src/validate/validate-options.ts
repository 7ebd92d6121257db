import { HELP_OPTION, type OptionTable } from '../options/index.js';
import { REPORT_FORMATS } from './format-report.js';

/** `platform-gitops validate`. */
export const VALIDATE_OPTIONS = {
  path: { type: 'string', multiple: true, placeholder: 'DIR', description: "A folder to start from: the clusters below it, or itself as a cluster's entry (as PATH)" },
  repo: { type: 'string', placeholder: 'DIR', description: 'The repository (default: the one holding the first path, else the working directory)' },
  cluster: { type: 'string', placeholder: 'NAME', description: 'Validate this cluster only' },
  shard: {
    type: 'string',
    placeholder: 'I/N',
    description: 'Validate one share of the clusters, for a CI matrix: of the clusters sorted by name, the I-th and every N-th after it (the N shards are disjoint and cover every cluster)',
  },
  source: { type: 'string', multiple: true, placeholder: 'NAME=DIR', description: 'The folder of the repository a Flux source (name or namespace/name) stands for' },
  'strict-sources': { type: 'boolean', default: false, description: 'substituteFrom sources whose keys are unknown offline (SOPS, ExternalSecret) are errors' },
  helm: { type: 'boolean', default: false, description: 'Render every HelmRelease with Helm (in the engine) and check the workloads it makes' },
  'chart-cache': { type: 'string', placeholder: 'DIR', description: 'The chart cache --helm reads (platform-gitops charts pull fills it; default: the per-user cache folder)' },
  'kube-version': { type: 'string', placeholder: 'X.Y.Z', description: "The clusters' Kubernetes version charts see with --helm (default: 1.34.0)" },
  format: { type: 'string', choices: REPORT_FORMATS, default: 'text', description: 'How the report is printed' },
  'comment-file': {
    type: 'string',
    placeholder: 'FILE',
    description: 'Also write the report as markdown to FILE, for a pull-request comment (a CI matrix job: annotations on stdout, its part of the comment here)',
  },
  'service-cidr': { type: 'string', multiple: true, placeholder: 'NAME=CIDR', description: "A cluster's Service CIDR, over what .yo-rc.json records" },
  ...HELP_OPTION,
} as const satisfies OptionTable;
