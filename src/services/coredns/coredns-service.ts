import { type CoreDnsConfig, resolveCoreDnsConfig, toStoredAnswers } from './model/coredns-config.js';
import { ownedCoreDnsFiles, planCoreDnsInLayout } from './layout/coredns-layout-plan.js';
import type { PlatformService } from '../platform-service.js';

/** CoreDNS: HelmRelease, chart source, PrometheusRule and Flux Kustomization, plus each cluster's settings. */
export const CORE_DNS_SERVICE: PlatformService<CoreDnsConfig> = {
  name: 'coredns',
  summary: 'Write the CoreDNS GitOps setup (same as yo platform:coredns)',
  // CoreDNS's answers carry the cluster list themselves: they are where it is stored.
  resolve: (answers) => resolveCoreDnsConfig(answers),
  toStored: (config) => toStoredAnswers(config),
  // In the repository's layout (src/layout); the story layout when the answers name none.
  plan: (config, reader) => planCoreDnsInLayout(config, reader),
  ownedFiles: (config) => ownedCoreDnsFiles(config),
};
