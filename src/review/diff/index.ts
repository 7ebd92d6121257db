export { diffRepo, UnknownClusterError, type ChangedObject, type ClusterDiff, type DiffOptions, type DiffReport } from './diff-repo.js';
export { DIFF_FORMATS, formatDiff, type DiffFormat } from './format-diff.js';
export { runDiffCommand } from './diff-command.js';
export type { ObjectRef as DiffObjectRef } from './object-yaml.js';
