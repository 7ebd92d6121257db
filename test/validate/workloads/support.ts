import assert from 'node:assert/strict';
import type { Finding } from '../../../src/index.js';
import { type Expected, assertOnly } from '../checks/support.js';
import { type Obj, type StoryCheck, find, workloadFindings } from './story-render.js';

const HELM_RELEASE_FILE = 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml';

/** The one workload finding a planted fault adds, where and as bad as expected, filed against the HelmRelease that rendered the object. */
export function assertRendered(result: StoryCheck, expected: Expected & { readonly object: string }): Finding {
  const finding = assertOnly(workloadFindings(result), expected);
  assert.equal(finding.file, HELM_RELEASE_FILE);
  assert.match(finding.message, /^HelmRelease kube-system\/coredns renders it: /);
  return finding;
}

/** The Deployment's pod spec and its coredns container, to plant faults in. */
export function corednsPod(rendered: readonly Obj[]): { deployment: Obj; pod: Obj; container: Obj } {
  const deployment = find(rendered, 'Deployment', 'coredns');
  const pod = deployment.spec.template.spec;
  return { deployment, pod, container: pod.containers[0] };
}

export const DEPLOYMENT = 'Deployment/kube-system/coredns';
export const POD = 'spec.template.spec';
export const CONTAINER = `${POD}.containers[0]`;
