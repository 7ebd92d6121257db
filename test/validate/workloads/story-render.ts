// The story's CoreDNS, as the repository's own renderer writes it for docs/examples/story-answers.yaml
// and the real helm 4 binary renders chart 1.38.0 with it: the fixture every workload check runs on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type Finding, type RenderedObject, planCoreDns, resolveCoreDnsConfig } from '../../../src/index.js';
import { checkCluster } from '../../../src/validate/checks/index.js';
import type { HelmReleaseSummary } from '../../../src/validate/checks/helm-release-summary.js';
import { chartDir } from '../../support/chart-fixtures.js';
import { releaseValuesFor, substituteStory } from '../../support/flux-release-values.js';
import { helmTemplate } from '../../support/helm.js';
import { ROOT } from '../../support/package-paths.js';

/** A mutable object, as tests break them. */
export type Obj = Record<string, any>;

const CHART_VERSION = '1.38.0';
const RELEASE_ID = 'HelmRelease/kube-system/coredns';
const NETWORKING = 'kubernetes/infrastructure/networking';

/** The files platform:coredns plans for the story's answers, on an empty repository. */
function storyTree(): Record<string, string> {
  const answers = parse(readFileSync(join(ROOT, 'docs/examples/story-answers.yaml'), 'utf8')) as unknown;
  const config = resolveCoreDnsConfig(answers);
  if (config.chart.version !== CHART_VERSION) throw new Error(`the story pins chart ${config.chart.version}, the fixture renders ${CHART_VERSION}`);
  const plan = planCoreDns(config, { read: () => undefined, list: () => [] });
  return Object.fromEntries(plan.files.map((file) => [file.path, file.contents]));
}

let tree: Record<string, string> | undefined;
const rendered = new Map<string, readonly Obj[]>();

/** Chart 1.38.0 rendered by helm 4 with the values helm-controller hands it on `cluster` (cached per values). */
export function renderStory(cluster: string, change: (values: Obj) => void = () => {}): Obj[] {
  tree ??= storyTree();
  const values = releaseValuesFor(tree, cluster);
  change(values);
  const key = `${cluster}\u0000${JSON.stringify(values)}`;
  if (!rendered.has(key)) rendered.set(key, helmTemplate(chartDir(CHART_VERSION), values, { releaseName: 'coredns', namespace: 'kube-system' }));
  return structuredClone(rendered.get(key)!) as Obj[];
}

// The file each of clusterObjects' objects comes from.
const FILES = new WeakMap<Obj, string>();

/** The cluster's own objects around the release: the HelmRelease and its source, the ServiceMonitor and PrometheusRule, substituted. */
export function clusterObjects(cluster: string): Obj[] {
  tree ??= storyTree();
  const settings = parse(tree[`kubernetes/clusters/${cluster}/cluster-settings.yaml`]!) as { data: Record<string, string> };
  const variables = new Map(Object.entries(settings.data));
  const files = [
    `${NETWORKING}/coredns/helmrelease.yaml`,
    `${NETWORKING}/coredns/helmrepository.yaml`,
    `${NETWORKING}/coredns-monitoring/servicemonitor.yaml`,
    `${NETWORKING}/coredns-monitoring/prometheusrule.yaml`,
  ];
  return files.map((file) => {
    const text = tree![file];
    if (text === undefined) throw new Error(`the story plans no ${file}`);
    const object = parse(substituteStory(text, variables)) as Obj;
    FILES.set(object, file);
    return object;
  });
}

export interface StoryCheck {
  readonly findings: Finding[];
  readonly helmReleases: readonly HelmReleaseSummary[];
}

/** Everything a fault plants: the rendered objects and the cluster's own objects. */
export interface StoryObjects {
  readonly rendered: Obj[];
  readonly cluster: Obj[];
}

/** Finds an object by kind and name among `objects` (fails the test when it is absent). */
export function find(objects: readonly Obj[], kind: string, name: string): Obj {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** checkCluster on the story's `cluster` with the rendered objects, after `plant` changed them. */
export function checkStory(options: { cluster?: string; values?: (values: Obj) => void; plant?: (objects: StoryObjects) => void } = {}): StoryCheck {
  const cluster = options.cluster ?? 'infra';
  const objects: StoryObjects = { rendered: renderStory(cluster, options.values), cluster: clusterObjects(cluster) };
  options.plant?.(objects);
  const entries: RenderedObject[] = objects.cluster.map((object) => ({ object, ...(FILES.has(object) ? { file: FILES.get(object)! } : {}) }));
  const serviceCidr = cluster === 'infra' ? '10.245.0.0/16' : '10.247.0.0/16';
  return checkCluster({ cluster, objects: entries, serviceCidr, helmRendered: new Map([[RELEASE_ID, objects.rendered]]) });
}

/** The findings the workload checks add (codes `workload-*`), leaving out the allowed-capability note every clean CoreDNS render gets. */
export const workloadFindings = (result: StoryCheck): Finding[] => result.findings.filter((f) => f.code.startsWith('workload-') && f.code !== 'workload-pss-capabilities-allowed');
