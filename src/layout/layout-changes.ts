import type { CoreDnsConfig } from '../model/index.js';
import type { LayoutAnswers } from '../model/layout-answers.js';
import { type CoreDnsPlan, type TreeReader, planCoreDns } from '../render/coredns-plan.js';
import { planCoreDnsInLayout } from './coredns-layout-plan.js';
import { resolveLayout } from './layout.js';

/** What platform:cluster and platform:alert change in a CoreDNS setup. */
export type LayoutChange = 'add-cluster' | 'remove-cluster' | 'add-alert';

/** Why a change does not fit the stored layout, and what to do instead. */
export interface UnsupportedChange {
  readonly message: string;
  readonly fix: string;
}

/**
 * Whether `change` fits the stored layout: undefined when it does. An adopted release serves one
 * cluster and gets no PrometheusRule of ours; the apps layout's one Flux entry serves one cluster;
 * --remove knows the story's files only.
 */
export function unsupportedChange(answers: LayoutAnswers | undefined, change: LayoutChange): UnsupportedChange | undefined {
  const layout = resolveLayout(answers);
  if (layout.adopt && change === 'add-alert') {
    return {
      message: `this repository's CoreDNS is the adopted HelmRelease in ${layout.adopt}, and an adopted setup has no PrometheusRule of ours to add the rule to`,
      fix: 'add the rule by hand to the PrometheusRule that watches that release; platform-gitops alert edits only the PrometheusRule platform-gitops coredns wrote in a setup it did not adopt',
    };
  }
  if (layout.adopt) {
    return {
      message: `this repository's CoreDNS is the adopted HelmRelease in ${layout.adopt}, which serves one cluster`,
      fix: 'give the other cluster its own CoreDNS (run platform-gitops coredns in its repository), or change the one cluster in .yo-rc.json and run platform-gitops coredns',
    };
  }
  if (layout.kind === 'apps' && change === 'add-cluster') {
    return {
      message: `this repository uses the apps layout, whose one Flux entry (${layout.clustersDir}) serves one cluster`,
      fix: "run platform-gitops coredns in the new cluster's own repository, or keep several clusters in the infrastructure layout (clusters/<cluster>, --layout infrastructure)",
    };
  }
  if (layout.kind === 'apps' && change === 'remove-cluster') {
    return {
      message: 'this repository uses the apps layout, whose one cluster is the whole CoreDNS setup',
      fix: 'keep it, or remove the CoreDNS setup by hand',
    };
  }
  if (layout.kind === 'infrastructure' && change === 'remove-cluster') {
    // The cluster's coredns.yaml would stay (no file is deleted) and fail its substitution without the keys.
    return {
      message: 'this repository uses the infrastructure layout, and --remove takes a cluster out of the story layout only',
      fix: `take the cluster out of clusters in .yo-rc.json and run platform-gitops coredns, then delete ${layout.clustersDir}/<cluster>/coredns.yaml (and its listing) and the cluster's COREDNS_* settings by hand`,
    };
  }
  return undefined;
}

/**
 * platform:cluster's plan for a config that gained cluster `added`. The story merges only that
 * cluster's files (so the shared directory keeps its bytes); another layout is planned whole, as
 * platform:coredns would, since its per-cluster files (infrastructure: clusters/<c>/coredns.yaml)
 * are owned and need the usual conflict handling.
 */
export function planClusterAddition(config: CoreDnsConfig, reader: TreeReader, added: string): CoreDnsPlan {
  return resolveLayout(config.layout).kind === 'story' ? planCoreDns(config, reader, { shared: false, clusters: [added] }) : planCoreDnsInLayout(config, reader);
}

/** platform:alert's plan: the story's shared files only; another layout whole, as platform:coredns would. */
export function planAlertAddition(config: CoreDnsConfig, reader: TreeReader): CoreDnsPlan {
  return resolveLayout(config.layout).kind === 'story' ? planCoreDns(config, reader, { shared: true, clusters: [] }) : planCoreDnsInLayout(config, reader);
}
