import { posix } from 'node:path';
import type { CoreDnsConfig } from '../model/coredns-config.js';
import type { LayoutAnswers } from '../../../model/layout-answers.js';
import { editConfigMapData, removeKustomizationResources } from '../../../edit/index.js';
import { COREDNS_SETTING_KEYS, type CoreDnsPlan, planCoreDns } from '../render/coredns-plan.js';
import { type PlannedFile, type TreeReader } from '../../../kit/index.js';
import { planClusterRemoval } from '../render/coredns-cluster-removal.js';
import { ownedCoreDnsFiles, planCoreDnsInLayout, settingsFileFor } from './coredns-layout-plan.js';
import { ksPlacements, resolveLayout } from '../../../layout/layout.js';
import { repoObjects } from '../../../layout/repo-objects.js';

/** What platform:cluster and platform:alert change in a CoreDNS setup. */
export type LayoutChange = 'add-cluster' | 'remove-cluster' | 'add-alert';

/** Why a change does not fit the stored layout, and what to do instead. */
export interface UnsupportedChange {
  readonly message: string;
  readonly fix: string;
}

/**
 * Whether `change` fits the stored layout: undefined when it does. An adopted release serves one
 * cluster and gets no PrometheusRule of ours; the apps layout's one Flux entry serves one cluster.
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
  return undefined;
}

/**
 * platform:cluster --remove. The story layout only takes the cluster's keys out of its settings
 * (planClusterRemoval: its entry applies more than CoreDNS). The infrastructure layout plans what
 * the clusters left need whole, as platform:coredns would; the owned files only the removed
 * cluster had (its `clusters/<cluster>/coredns.yaml`) are removed, which the writer does only
 * while they are as written; its COREDNS_* keys leave its settings ConfigMap and its entry leaves
 * its kustomization.yaml. The settings file itself is the person's and stays.
 */
export function planClusterRemovalInLayout(before: CoreDnsConfig, after: CoreDnsConfig, reader: TreeReader, removed: string): CoreDnsPlan {
  const layout = resolveLayout(after.layout);
  if (layout.kind === 'categories') return planClusterRemoval(removed, reader);
  const plan = planCoreDnsInLayout(after, reader);
  const kept = new Set(plan.files.map((file) => file.path));
  const files: PlannedFile[] = [...plan.files];
  for (const file of ownedCoreDnsFiles(before)) {
    if (!kept.has(file.path)) files.push({ path: file.path, contents: '', role: 'removed' });
  }
  const notes = [...plan.notes];
  const settingsFile = settingsFileFor(layout, removed, repoObjects(reader));
  const settings = settingsFile === undefined ? undefined : reader.read(settingsFile);
  // A file the clusters left still merge into is theirs too: left alone.
  if (settingsFile !== undefined && settings !== undefined && !kept.has(settingsFile)) {
    files.push({
      path: settingsFile,
      role: 'merged',
      contents: editConfigMapData(settings, settingsFile, { name: layout.settings.name, namespace: 'flux-system', remove: [...COREDNS_SETTING_KEYS] }),
    });
    notes.push(`${settingsFile} is left without ${COREDNS_SETTING_KEYS.join(' and ')}; delete it with the cluster if nothing else reads it.`);
  }
  const placements = ksPlacements(layout, [removed]);
  for (const placement of placements) {
    const listing = reader.read(placement.listedBy);
    if (listing !== undefined && !kept.has(placement.listedBy))
      files.push({ path: placement.listedBy, role: 'merged', contents: removeKustomizationResources(listing, placement.listedBy, [placement.entry]) });
  }
  return { files, notes: [`Cluster ${removed} is out of .yo-rc.json and its CoreDNS files are out of ${posix.dirname(placements[0]!.path)}.`, ...notes] };
}

/**
 * platform:cluster's plan for a config that gained cluster `added`. The story merges only that
 * cluster's files (so the shared directory keeps its bytes); another layout is planned whole, as
 * platform:coredns would, since its per-cluster files (infrastructure: clusters/<c>/coredns.yaml)
 * are owned and need the usual conflict handling.
 */
export function planClusterAddition(config: CoreDnsConfig, reader: TreeReader, added: string): CoreDnsPlan {
  return resolveLayout(config.layout).kind === 'categories' ? planCoreDns(config, reader, { shared: false, clusters: [added] }) : planCoreDnsInLayout(config, reader);
}

/** platform:alert's plan: the story's shared files only; another layout whole, as platform:coredns would. */
export function planAlertAddition(config: CoreDnsConfig, reader: TreeReader): CoreDnsPlan {
  return resolveLayout(config.layout).kind === 'categories' ? planCoreDns(config, reader, { shared: true, clusters: [] }) : planCoreDnsInLayout(config, reader);
}
