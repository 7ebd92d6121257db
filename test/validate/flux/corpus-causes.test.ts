import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { validateRepo } from '../../../src/index.js';
import { findClusterEntries } from '../../../src/validate/discovery/find-cluster-entries.js';
import { tempDir } from '../../support/tree.js';
import { fluxKs, put } from './fixture-repos.js';

// Each test is a cause the public corpus (bench/corpus.ts) showed, reduced to a small repository.

const OCI = 'kind: OCIRepository\n    name: flux-system';
const configMap = (name: string, namespace?: string) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}data:\n  a: b\n`;
const fluxInstance = (path: string, kind = 'OCIRepository', version = '2.x') =>
  `apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  distribution:\n    version: "${version}"\n    registry: ghcr.io/fluxcd\n  sync:\n    kind: ${kind}\n    url: oci://ghcr.io/example/manifests\n    ref: latest\n    path: ${path}\n`;

/** A flux-operator repository: CI pushes kubernetes/ as the OCI artifact the instance syncs. */
function operatorRepo(): string {
  const repo = tempDir();
  put(repo, 'kubernetes/clusters/lab/flux-system/flux-instance.yaml', fluxInstance('./clusters/lab'));
  put(repo, 'kubernetes/clusters/lab/apps.yaml', fluxKs('apps', './apps', '', OCI));
  put(repo, 'kubernetes/apps/settings.yaml', configMap('settings', 'default'));
  return repo;
}

describe('the causes the corpus showed', () => {
  test("a FluxInstance's sync is the entry; its OCIRepository (named after its namespace) is the pushed folder and exists", async () => {
    const repo = operatorRepo();
    // The flux-instance chart's values pointing at the same cluster: still one cluster.
    put(repo, 'kubernetes/bootstrap/values.yaml', 'instance:\n  sync:\n    kind: OCIRepository\n    url: oci://ghcr.io/example/manifests\n    path: ./clusters/lab\n');
    const entries = findClusterEntries(repo);
    assert.deepEqual(
      entries.map((e) => [e.name, e.syncSource, e.syncKind]),
      [['lab', 'flux-system/flux-system', 'OCIRepository']],
    );
    const report = await validateRepo({ repo });
    assert.deepEqual(
      report.clusters.map((c) => [c.name, c.kustomizations]),
      [['lab', ['Kustomization/flux-system/apps']]],
    );
    assert.ok(report.clusters[0]!.rendered!.some((r) => r.object.kind === 'ConfigMap' && r.object.metadata?.name === 'settings'));
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info'),
      [],
    );
  });

  test('without the instance the same OCIRepository is unresolved (the test above can fail)', async () => {
    const repo = operatorRepo();
    put(repo, 'kubernetes/clusters/lab/flux-system/flux-instance.yaml', '# removed\n');
    const report = await validateRepo({ repo });
    assert.ok(report.findings.some((f) => f.code === 'sourceRef-unresolved' && /OCIRepository flux-system\/flux-system/.test(f.message)));
  });

  test('--source namespace/name=DIR maps the instance source too', async () => {
    const repo = operatorRepo();
    const report = await validateRepo({ repo, sources: { 'flux-system/flux-system': 'kubernetes' } });
    assert.deepEqual(report.clusters[0]!.kustomizations, ['Kustomization/flux-system/apps']);
    assert.equal(report.errors, 0);
  });

  test("kustomization-remote-cluster: a Kustomization with spec.kubeConfig applies another cluster's objects, no duplicate with this cluster's own", async () => {
    const repo = tempDir();
    put(repo, 'hub/flux-system/gotk-sync.yaml', fluxKs('flux-system', './hub'));
    put(
      repo,
      'hub/production.yaml',
      `---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: production\n${fluxKs('tenants', './spoke', '  kubeConfig:\n    secretRef:\n      name: cluster-kubeconfig\n')}`,
    );
    put(repo, 'spoke/namespace.yaml', '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: production\n');
    const report = await validateRepo({ repo });
    assert.equal(report.findings.filter((f) => f.code === 'duplicate-object').length, 0);
    const note = report.findings.find((f) => f.code === 'kustomization-remote-cluster');
    assert.equal(note?.object, 'Kustomization/flux-system/tenants');
    assert.equal(note?.severity, 'info');
    assert.equal(report.clusters[0]!.rendered!.filter((r) => r.object.kind === 'Namespace').length, 1);
  });

  test("a GitRepository's spec.ignore leaves files out of what the engine builds", async () => {
    const repo = tempDir();
    const gitRepository = (ignore: string) =>
      `---\napiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://example.com/repo\n${ignore}`;
    put(repo, 'clusters/lab/flux-system/gotk-sync.yaml', gitRepository('  ignore: |\n    /apps/extra.yaml\n') + fluxKs('flux-system', './clusters/lab'));
    put(repo, 'clusters/lab/apps.yaml', fluxKs('apps', './apps'));
    put(repo, 'apps/kept.yaml', configMap('kept', 'default'));
    put(repo, 'apps/extra.yaml', configMap('extra', 'default'));
    const names = async () =>
      (await validateRepo({ repo })).clusters[0]!.rendered!.filter((r) => r.object.kind === 'ConfigMap')
        .map((r) => r.object.metadata?.name)
        .sort();
    assert.deepEqual(await names(), ['kept']);
    put(repo, 'clusters/lab/flux-system/gotk-sync.yaml', gitRepository('') + fluxKs('flux-system', './clusters/lab'));
    assert.deepEqual(await names(), ['extra', 'kept']);
  });

  test('file names with spaces and non-ASCII letters build (Flux reads them from Git)', async () => {
    const repo = tempDir();
    put(repo, 'clusters/lab/apps.yaml', fluxKs('apps', './apps'));
    put(repo, 'apps/Anime - Overlays - Charts.yml', configMap('charts', 'default'));
    put(repo, 'apps/kustomization.yaml', 'resources:\n  - Anime - Overlays - Charts.yml\n  - ñandú.yaml\n');
    put(repo, 'apps/ñandú.yaml', configMap('nandu', 'default'));
    const report = await validateRepo({ repo });
    assert.equal(report.errors, 0, JSON.stringify(report.findings));
    assert.deepEqual(
      report.clusters[0]!.rendered!.filter((r) => r.object.kind === 'ConfigMap').map((r) => [r.object.metadata?.name, r.file]),
      [
        ['charts', 'apps/Anime - Overlays - Charts.yml'],
        ['nandu', 'apps/ñandú.yaml'],
      ],
    );
  });

  test('a substituteFrom Secret the repository applies outside Flux (its bootstrap) exists: a note, not a failed reconcile', async () => {
    const repo = tempDir();
    put(repo, 'clusters/lab/tunnel.yaml', fluxKs('tunnel', './apps', '  postBuild:\n    substituteFrom:\n      - kind: Secret\n        name: tunnel-id\n'));
    put(repo, 'apps/settings.yaml', configMap('settings', 'default'));
    const codes = async () => (await validateRepo({ repo })).findings.filter((f) => f.code.startsWith('substitute-source')).map((f) => [f.code, f.severity, f.file]);
    assert.deepEqual(await codes(), [['substitute-source-missing', 'error', 'clusters/lab/tunnel.yaml']]);
    put(repo, 'bootstrap/network/kustomization.yaml', 'namespace: flux-system\nresources:\n  - ./secret.yaml\n');
    put(repo, 'bootstrap/network/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: tunnel-id\nstringData:\n  TUNNEL_ID: op://vault/tunnel/id\n');
    assert.deepEqual(await codes(), [['substitute-source-opaque', 'info', 'bootstrap/network/secret.yaml']]);
    // In another namespace it is not this one.
    put(repo, 'bootstrap/network/kustomization.yaml', 'namespace: network\nresources:\n  - ./secret.yaml\n');
    assert.deepEqual(await codes(), [['substitute-source-missing', 'error', 'clusters/lab/tunnel.yaml']]);
  });

  test("another cluster's settings never stand in for a missing substituteFrom source", async () => {
    const repo = tempDir();
    put(repo, 'clusters/lab/tunnel.yaml', fluxKs('tunnel', './apps', '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n'));
    put(repo, 'clusters/edge/tunnel.yaml', fluxKs('tunnel', './apps', '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n'));
    put(repo, 'clusters/edge/settings.yaml', configMap('cluster-settings', 'flux-system'));
    put(repo, 'apps/settings.yaml', configMap('settings', 'default'));
    const report = await validateRepo({ repo, cluster: 'lab' });
    assert.deepEqual(
      report.findings.filter((f) => f.code.startsWith('substitute-source')).map((f) => [f.code, f.cluster]),
      [['substitute-source-missing', 'lab']],
    );
  });
});

// The flux-instance chart's HelmRelease as home-ops repositories write it: no namespace of its own.
const instanceRelease = (sync: string) =>
  `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: flux-instance\nspec:\n  interval: 1h\n  chartRef:\n    kind: OCIRepository\n    name: flux-instance\n  values:\n    instance:\n      sync:\n        kind: GitRepository\n        url: https://example.com/home-ops\n${sync}`;

describe('flux-operator entries the second corpus showed', () => {
  test("a sync's name names the source and Kustomization the instance creates", async () => {
    const repo = tempDir();
    put(repo, 'kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml', instanceRelease('        name: home-kubernetes\n        path: kubernetes/flux/cluster\n'));
    put(repo, 'kubernetes/flux/cluster/ks.yaml', fluxKs('cluster-apps', './kubernetes/apps', '', 'kind: GitRepository\n    name: home-kubernetes'));
    const [entry] = findClusterEntries(repo);
    assert.equal(entry?.syncSource, 'flux-system/home-kubernetes');
    const report = await validateRepo({ repo });
    assert.deepEqual(report.clusters[0]!.kustomizations, ['Kustomization/flux-system/cluster-apps']);
    assert.equal(report.findings.filter((f) => f.code === 'sourceRef-unresolved').length, 0);
  });

  test('an instance whose file states no namespace runs in the targetNamespace of the Flux Kustomization applying its folder', async () => {
    const repo = tempDir();
    put(repo, 'kubernetes/apps/gitops-system/flux-instance/app/helmrelease.yaml', instanceRelease('        path: kubernetes/flux/cluster\n'));
    put(repo, 'kubernetes/apps/gitops-system/flux-instance/app/kustomization.yaml', 'resources:\n  - ./helmrelease.yaml\n');
    put(repo, 'kubernetes/apps/gitops-system/flux-instance/ks.yaml', fluxKs('flux-instance', './kubernetes/apps/gitops-system/flux-instance/app', '  targetNamespace: gitops-system\n'));
    put(
      repo,
      'kubernetes/flux/cluster/cluster.yaml',
      fluxKs('cluster-apps', './kubernetes/apps', '', 'kind: GitRepository\n    name: gitops-system\n    namespace: gitops-system').replace('namespace: flux-system', 'namespace: gitops-system'),
    );
    assert.deepEqual(
      findClusterEntries(repo).map((e) => [e.name, e.syncSource]),
      [['cluster', 'gitops-system/gitops-system']],
    );
    // The folder's kustomization.yaml namespace says the same when no Flux Kustomization does.
    put(repo, 'kubernetes/apps/gitops-system/flux-instance/ks.yaml', '# removed\n');
    put(repo, 'kubernetes/apps/gitops-system/flux-instance/app/kustomization.yaml', 'namespace: gitops-system\nresources:\n  - ./helmrelease.yaml\n');
    assert.equal(findClusterEntries(repo)[0]?.syncSource, 'gitops-system/gitops-system');
    put(repo, 'kubernetes/apps/gitops-system/flux-instance/app/kustomization.yaml', 'resources:\n  - ./helmrelease.yaml\n');
    assert.equal(findClusterEntries(repo)[0]?.syncSource, 'flux-system/flux-system');
  });

  test('an entry whose folder another entry applies is that one cluster (flux/config applied by hand, the instance syncing flux/cluster)', async () => {
    const repo = tempDir();
    put(
      repo,
      'kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml',
      instanceRelease('        path: kubernetes/flux/cluster\n').replace('  name: flux-instance\n', '  name: flux-instance\n  namespace: flux-system\n'),
    );
    put(repo, 'kubernetes/flux/config/cluster.yaml', fluxKs('cluster', './kubernetes/flux'));
    put(repo, 'kubernetes/flux/cluster/ks.yaml', fluxKs('cluster-apps', './kubernetes/apps'));
    put(repo, 'kubernetes/apps/settings.yaml', configMap('settings', 'default'));
    assert.deepEqual(
      findClusterEntries(repo).map((e) => [e.name, e.syncSource]),
      [['config', 'flux-system/flux-system']],
    );
    const report = await validateRepo({ repo });
    assert.equal(report.clusters.length, 1);
    assert.ok(report.clusters[0]!.kustomizations.includes('Kustomization/flux-system/cluster-apps'));
    // Clusters of a fleet apply their own folders: still two.
    const fleet = tempDir();
    put(fleet, 'clusters/staging/apps.yaml', fluxKs('apps', './apps/staging'));
    put(fleet, 'clusters/production/apps.yaml', fluxKs('apps', './apps/production'));
    assert.deepEqual(
      findClusterEntries(fleet).map((e) => e.name),
      ['production', 'staging'],
    );
  });
});

describe('the entry folder is built as its sync Kustomization builds it', () => {
  test('its kustomization.yaml decides: the namespace it sets reaches the Kustomizations it lists, a file it does not list is not applied', async () => {
    const repo = tempDir();
    put(repo, 'clusters/lab/flux-system/gotk-sync.yaml', fluxKs('flux-system', './clusters/lab'));
    put(repo, 'clusters/lab/kustomization.yaml', 'resources:\n  - ./flux-system/gotk-sync.yaml\n  - ./ai\n');
    // Namespaced by their folder's kustomization, as Flux applies them: ai/litellm and ai/chat.
    put(repo, 'clusters/lab/ai/kustomization.yaml', 'namespace: ai\nresources:\n  - ./ks.yaml\n');
    put(
      repo,
      'clusters/lab/ai/ks.yaml',
      `${fluxKs('litellm', './apps/litellm').replace('  namespace: flux-system\n', '')}${fluxKs('chat', './apps/chat', '  dependsOn:\n    - name: litellm\n      namespace: ai\n').replace('  namespace: flux-system\n', '')}`,
    );
    put(repo, 'clusters/lab/retired.yaml', configMap('retired', 'default'));
    put(repo, 'apps/litellm/settings.yaml', configMap('litellm', 'ai'));
    put(repo, 'apps/chat/settings.yaml', configMap('chat', 'ai'));
    const report = await validateRepo({ repo });
    assert.deepEqual(report.clusters[0]!.kustomizations, ['Kustomization/flux-system/flux-system', 'Kustomization/ai/litellm', 'Kustomization/ai/chat']);
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info'),
      [],
    );
    assert.ok(!report.clusters[0]!.rendered!.some((r) => r.object.metadata?.name === 'retired'));
  });
});

describe('substituteFrom Secrets a controller makes', () => {
  test("a ClusterExternalSecret's Secret exists in each namespace it selects (keys unknown: a note), not in others", async () => {
    const repo = tempDir();
    const clusterSecret = (selector: string) =>
      `---\napiVersion: external-secrets.io/v1\nkind: ClusterExternalSecret\nmetadata:\n  name: cluster-secrets\nspec:\n  externalSecretName: cluster-secrets\n${selector}  externalSecretSpec:\n    secretStoreRef:\n      name: vault\n      kind: ClusterSecretStore\n    target:\n      name: cluster-secrets\n`;
    put(repo, 'clusters/lab/flux-system/gotk-sync.yaml', fluxKs('flux-system', './clusters/lab'));
    put(repo, 'clusters/lab/secrets.yaml', clusterSecret('  namespaceSelectors:\n    - {}\n'));
    put(
      repo,
      'clusters/lab/apps.yaml',
      fluxKs('apps', './apps', '  dependsOn:\n    - name: flux-system\n  postBuild:\n    substituteFrom:\n      - kind: Secret\n        name: cluster-secrets\n').replace(
        '  namespace: flux-system\n',
        '  namespace: web\n',
      ),
    );
    put(repo, 'apps/settings.yaml', configMap('settings', 'web'));
    const codes = async () => (await validateRepo({ repo })).findings.filter((f) => f.code.startsWith('substitute-source')).map((f) => [f.code, f.severity]);
    assert.deepEqual(await codes(), [['substitute-source-opaque', 'info']]);
    // Selecting only labelled namespaces: web has no such label, so the Secret is not there.
    put(repo, 'clusters/lab/secrets.yaml', clusterSecret('  namespaceSelectors:\n    - matchLabels:\n        secrets: "yes"\n'));
    assert.deepEqual(await codes(), [['substitute-source-missing', 'error']]);
    put(repo, 'clusters/lab/namespace.yaml', '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n  labels:\n    secrets: "yes"\n');
    assert.deepEqual(await codes(), [['substitute-source-opaque', 'info']]);
  });
});

test('a flux-instance values file whose sync path is set at install time (--set) is no cluster entry', () => {
  const repo = tempDir();
  put(repo, 'opentofu/init/helm_values/flux-instance.yaml', 'instance:\n  sync:\n    kind: GitRepository\n    ref: refs/heads/main\n');
  put(repo, 'opentofu/init/helm_values/cilium.yaml', 'ipam:\n  mode: eni\n');
  put(repo, 'clusters/lab/apps.yaml', fluxKs('apps', './apps'));
  assert.deepEqual(
    findClusterEntries(repo).map((e) => e.name),
    ['lab'],
  );
});

test("a sync whose path is a folder only from a folder above it (several Git repositories in one) builds from that folder's root", async () => {
  const repo = tempDir();
  put(repo, 'repos/gitops-system/clusters/mgmt/flux-system/gotk-sync.yaml', fluxKs('flux-system', './clusters/mgmt'));
  put(repo, 'repos/gitops-system/clusters/mgmt/tools.yaml', fluxKs('tools', './tools'));
  put(repo, 'repos/gitops-system/tools/settings.yaml', configMap('tools', 'default'));
  const [entry] = findClusterEntries(repo);
  assert.deepEqual([entry?.name, entry?.syncRoot], ['mgmt', join(repo, 'repos/gitops-system')]);
  const report = await validateRepo({ repo });
  assert.deepEqual(
    report.findings.filter((f) => f.severity !== 'info'),
    [],
  );
  assert.ok(report.clusters[0]!.rendered!.some((r) => r.object.metadata?.name === 'tools' && r.object.kind === 'ConfigMap'));
});

test("a substituteFrom ConfigMap the repository's Terraform creates exists (opaque); a name it does not make is still missing", async () => {
  const repo = tempDir();
  put(repo, 'clusters/lab/flux-system/gotk-sync.yaml', fluxKs('flux-system', './clusters/lab'));
  put(repo, 'clusters/lab/apps.yaml', fluxKs('apps', './apps', '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: eks-lab-vars\n'));
  put(repo, 'apps/settings.yaml', configMap('settings', 'default'));
  const tf = (name: string) =>
    `resource "kubectl_manifest" "flux_cluster_vars" {\n  yaml_body = yamlencode({\n    apiVersion = "v1"\n    kind       = "ConfigMap"\n    metadata = {\n      name      = "${name}"\n      namespace = "flux-system"\n    }\n    data = {\n      cluster_name = var.cluster_name\n    }\n  })\n}\n`;
  put(repo, 'opentofu/configure/kubernetes.tf', tf('eks-${var.cluster_name}-vars'));
  const codes = async () => (await validateRepo({ repo })).findings.filter((f) => f.code.startsWith('substitute-source')).map((f) => [f.code, f.file]);
  assert.deepEqual(await codes(), [['substitute-source-opaque', 'opentofu/configure/kubernetes.tf']]);
  put(repo, 'opentofu/configure/kubernetes.tf', tf('gke-${var.cluster_name}-vars'));
  assert.deepEqual(await codes(), [['substitute-source-missing', 'clusters/lab/apps.yaml']]);
});

describe('cluster-unapplied: an entry none of whose paths exists is one finding, not one per path', () => {
  /** A live cluster, and a template copied per cluster by a script (its paths hold a placeholder). */
  function withTemplate(): string {
    const repo = tempDir();
    put(repo, 'clusters/lab/flux-system/gotk-sync.yaml', fluxKs('flux-system', './clusters/lab'));
    put(repo, 'clusters/lab/apps.yaml', fluxKs('apps', './apps'));
    put(repo, 'apps/settings.yaml', configMap('settings', 'default'));
    put(repo, 'clusters/template/flux-system/gotk-sync.yaml', fluxKs('flux-system', './clusters/cluster-name'));
    put(repo, 'clusters/template/apps.yaml', fluxKs('apps', './workloads/cluster-name'));
    return repo;
  }

  test('beside a cluster that builds: one warning naming the paths, nothing of the template built', async () => {
    const report = await validateRepo({ repo: withTemplate() });
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info').map((f) => [f.code, f.severity, f.cluster, f.file]),
      [['cluster-unapplied', 'warning', 'template', 'clusters/template']],
    );
    assert.match(
      report.findings.find((f) => f.code === 'cluster-unapplied')!.message,
      /exists in the repository: \.\/workloads\/cluster-name, \.\/clusters\/cluster-name; a template or an archived cluster/,
    );
    assert.deepEqual(
      report.clusters.map((c) => [c.name, c.objects]),
      [
        ['lab', 3],
        ['template', 0],
      ],
    );
    assert.equal(report.errors, 0);
  });

  test('--cluster picking the template keeps the warning: the clusters beside it still build', async () => {
    const report = await validateRepo({ repo: withTemplate(), cluster: 'template' });
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info').map((f) => [f.code, f.severity, f.cluster]),
      [['cluster-unapplied', 'warning', 'template']],
    );
  });

  test('one path that exists makes it a cluster again, checked path by path', async () => {
    const repo = withTemplate();
    put(repo, 'workloads/cluster-name/settings.yaml', configMap('other', 'default'));
    const report = await validateRepo({ repo });
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info').map((f) => [f.code, f.cluster, f.file]),
      [['path-missing', 'template', 'clusters/template/flux-system/gotk-sync.yaml']],
    );
  });

  test("a Kustomization of another source (an OCIRepository) neither hides nor makes the entry's own paths", async () => {
    const repo = withTemplate();
    put(repo, 'clusters/template/flux.yaml', fluxKs('flux', './', '', OCI));
    assert.deepEqual(
      (await validateRepo({ repo })).findings.filter((f) => f.severity !== 'info').map((f) => f.code),
      ['cluster-unapplied'],
    );
  });

  test('a copy moved under archive/ (its paths exist from the folder above it) is unapplied too', async () => {
    const repo = tempDir();
    put(repo, 'k8s/prod/flux/config/cluster.yaml', fluxKs('cluster', './k8s/prod/flux'));
    put(repo, 'k8s/prod/flux/settings.yaml', configMap('settings', 'default'));
    put(repo, 'archive/k8s/old/flux/config/cluster.yaml', fluxKs('cluster', './k8s/old/flux'));
    put(repo, 'archive/k8s/old/flux/settings.yaml', configMap('old', 'default'));
    const report = await validateRepo({ repo });
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info').map((f) => [f.code, f.severity, f.file]),
      [['cluster-unapplied', 'warning', 'archive/k8s/old/flux/config']],
    );
  });

  test('a live cluster with a mistyped path is no template: path-missing as before', async () => {
    const repo = withTemplate();
    put(repo, 'clusters/other/apps.yaml', fluxKs('apps', './aps'));
    const report = await validateRepo({ repo });
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info').map((f) => [f.code, f.cluster]),
      [
        ['path-missing', 'other'],
        ['cluster-unapplied', 'template'],
      ],
    );
  });

  test('the only cluster of a repository: the same finding is an error (Flux fails every path)', async () => {
    const repo = tempDir();
    put(repo, 'clusters/lab/flux-system/gotk-sync.yaml', fluxKs('flux-system', './clusters/lbb'));
    const report = await validateRepo({ repo });
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info').map((f) => [f.code, f.severity]),
      [['cluster-unapplied', 'error']],
    );
  });
});

test('a substituteFrom ConfigMap a setup step creates with `kubectl create` exists (opaque); another namespace or name is still missing', async () => {
  const repo = tempDir();
  put(repo, 'clusters/lab/flux-system/gotk-sync.yaml', fluxKs('flux-system', './clusters/lab'));
  put(repo, 'clusters/lab/apps.yaml', fluxKs('apps', './apps', '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-info\n'));
  put(repo, 'apps/settings.yaml', configMap('settings', 'default'));
  const codes = async () => (await validateRepo({ repo })).findings.filter((f) => f.code.startsWith('substitute-source')).map((f) => [f.code, f.file]);
  // CloudFormation user data: the command continued with `\\` inside a YAML block.
  const cfn = (line: string) =>
    `Resources:\n  Setup:\n    Properties:\n      UserData: |\n        kubectl create ns flux-system\n        ${line} \\\\\n          --from-literal=AWS_REGION=\${AWS_REGION}\n`;
  put(repo, 'setup/cfn.yaml', cfn('kubectl create configmap cluster-info -n flux-system'));
  assert.deepEqual(await codes(), [['substitute-source-opaque', 'setup/cfn.yaml']]);
  put(repo, 'setup/cfn.yaml', cfn('kubectl create configmap cluster-info -n kube-system'));
  assert.deepEqual(await codes(), [['substitute-source-missing', 'clusters/lab/apps.yaml']]);
  put(repo, 'setup/cfn.yaml', '# nothing here\n');
  put(repo, 'README.md', '```bash\nkubectl --namespace=flux-system create \\\n  configmap cluster-info --from-literal=A=b\n```\n');
  assert.deepEqual(await codes(), [['substitute-source-opaque', 'README.md']]);
  put(repo, 'README.md', 'kubectl create configmap cluster-infos -n flux-system\n');
  assert.deepEqual(await codes(), [['substitute-source-missing', 'clusters/lab/apps.yaml']]);
});

describe('a KSail cluster config (ksail.yaml) is an entry, and an overlay base is part of its cluster', () => {
  /** A KSail repository: k8s/ is pushed as the artifact; two clusters overlay one base. */
  function ksailRepo(gitOpsEngine = 'Flux'): string {
    const repo = tempDir();
    const config = (name: string) =>
      `apiVersion: ksail.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  cluster:\n    gitOpsEngine: ${gitOpsEngine}\n  workload:\n    sourceDirectory: k8s\n    kustomizationFile: clusters/${name}\n`;
    put(repo, 'ksail.yaml', config('local'));
    put(repo, 'ksail.prod.yaml', config('prod'));
    put(repo, 'k8s/clusters/base/kustomization.yaml', 'resources:\n  - apps.yaml\n');
    put(repo, 'k8s/clusters/base/apps.yaml', fluxKs('apps', 'apps', '', OCI));
    for (const name of ['local', 'prod']) put(repo, `k8s/clusters/${name}/kustomization.yaml`, 'resources:\n  - ../base\n');
    put(repo, 'k8s/apps/settings.yaml', configMap('settings', 'default'));
    return repo;
  }

  test('each config is a cluster syncing the OCI artifact of its sourceDirectory; the shared base is no cluster', async () => {
    const repo = ksailRepo();
    assert.deepEqual(
      findClusterEntries(repo).map((e) => [e.name, e.syncSource, e.syncKind, e.syncRoot?.slice(repo.length)]),
      [
        ['local', 'flux-system/flux-system', 'OCIRepository', '/k8s'],
        ['prod', 'flux-system/flux-system', 'OCIRepository', '/k8s'],
      ],
    );
    const report = await validateRepo({ repo });
    assert.deepEqual(
      report.clusters.map((c) => [c.name, c.kustomizations]),
      [
        ['local', ['Kustomization/flux-system/apps']],
        ['prod', ['Kustomization/flux-system/apps']],
      ],
    );
    assert.deepEqual(
      report.findings.filter((f) => f.severity !== 'info'),
      [],
    );
  });

  test('with another GitOps engine (ArgoCD) the config is no Flux entry, and the folders are clusters by their layout', () => {
    const repo = ksailRepo('ArgoCD');
    assert.ok(findClusterEntries(repo).every((e) => e.syncKind !== 'OCIRepository'));
  });
});
