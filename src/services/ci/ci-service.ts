import { type CiConfig, resolveCiConfig } from './ci-config.js';
import { planCi, planCiInRepository } from './ci-plan.js';
import type { PlatformService } from '../platform-service.js';

/** CI for the GitOps repository: a GitHub Actions workflow (validate, diff comment) and renovate.json. */
export const CI_SERVICE: PlatformService<CiConfig> = {
  name: 'ci',
  summary: 'Write a GitHub Actions workflow (validate, diff comment) and renovate.json (same as yo platform:ci)',
  // CI does not depend on the clusters: the workflow finds them itself at every run.
  resolve: (answers) => resolveCiConfig(answers),
  // shards is stored only above 1: the answers of a repository without a matrix stay as they were.
  toStored: ({ shards, ...config }) => ({ ...config, gitopsPaths: [...config.gitopsPaths], ...(shards > 1 ? { shards } : {}) }),
  // An existing Renovate config is extended, not shadowed: the plan reads the repository.
  plan: (config, reader) => planCiInRepository(config, reader),
  ownedFiles: (config) => planCi(config),
};
