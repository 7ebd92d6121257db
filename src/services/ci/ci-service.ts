import { type CiConfig, resolveCiConfig } from './ci-config.js';
import { planCi } from './ci-plan.js';
import type { PlatformService } from '../platform-service.js';

/** CI for the GitOps repository: a GitHub Actions workflow (validate, diff comment) and renovate.json. */
export const CI_SERVICE: PlatformService<CiConfig> = {
  name: 'ci',
  summary: 'Write a GitHub Actions workflow (validate, diff comment) and renovate.json (same as yo platform:ci)',
  // CI does not depend on the clusters: the workflow finds them itself at every run.
  resolve: (answers) => resolveCiConfig(answers),
  toStored: (config) => ({ ...config, gitopsPaths: [...config.gitopsPaths] }),
  plan: (config) => ({ files: planCi(config), notes: [] }),
  ownedFiles: (config) => planCi(config),
};
