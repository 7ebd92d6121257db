import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { editConfigMapData, ensureKustomizationResources, InputError, removeKustomizationResources } from '../../src/index.js';

const SETTINGS = `---
# cluster-wide values, substituted by Flux
apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-settings
  namespace: flux-system
data:
  # who we are
  CLUSTER_NAME: infra
  COREDNS_REPLICAS: "2" # tuned after load test
  ZONE: "eu-1"
`;
const edit = { name: 'cluster-settings', namespace: 'flux-system' };

describe('editConfigMapData', () => {
  test('adds keys at the end, keeps comments, order and foreign keys', () => {
    const out = editConfigMapData(SETTINGS, 'f', { ...edit, set: { COREDNS_REPLICAS: '2', COREDNS_CLUSTER_IP: '10.245.0.10' } });
    assert.equal(out, SETTINGS.replace('  ZONE: "eu-1"\n', '  ZONE: "eu-1"\n  COREDNS_CLUSTER_IP: "10.245.0.10"\n'));
  });

  test('returns the input unchanged, byte for byte, when the values are already there', () => {
    assert.equal(editConfigMapData(SETTINGS, 'f', { ...edit, set: { COREDNS_REPLICAS: '2' } }), SETTINGS);
  });

  test('changes a value in place and keeps its comment', () => {
    const out = editConfigMapData(SETTINGS, 'f', { ...edit, set: { COREDNS_REPLICAS: '3' } });
    assert.match(out, /COREDNS_REPLICAS: "3" # tuned after load test\n {2}ZONE/);
  });

  test('turns a number into the string a ConfigMap needs', () => {
    const out = editConfigMapData(SETTINGS.replace('"2" # tuned', '2 # tuned'), 'f', { ...edit, set: { COREDNS_REPLICAS: '2' } });
    assert.match(out, /COREDNS_REPLICAS: "2"/);
  });

  test('removes only the named keys', () => {
    const out = editConfigMapData(SETTINGS, 'f', { ...edit, remove: ['COREDNS_REPLICAS'] });
    assert.doesNotMatch(out, /COREDNS_REPLICAS/);
    assert.match(out, /# who we are\n {2}CLUSTER_NAME: infra\n {2}ZONE: "eu-1"\n$/);
  });

  test('appends the ConfigMap as a new document when the file holds other objects', () => {
    const other = '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team # ours\n';
    const out = editConfigMapData(other, 'f', { ...edit, set: { A: '1' } });
    assert.ok(out.startsWith(other));
    assert.match(out, /\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n {2}name: cluster-settings\n {2}namespace: flux-system\ndata:\n {2}A: "1"\n$/);
  });

  test('a file that is not YAML is an error naming the file and line', () => {
    assert.throws(
      () => editConfigMapData('data:\n  A: "1\n  B: [\n', 'kubernetes/clusters/x/cluster-settings.yaml', { ...edit, set: { A: '1' } }),
      (error: InputError) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /kubernetes\/clusters\/x\/cluster-settings\.yaml: is not valid YAML \(line \d+\)/);
        return true;
      },
    );
  });
});

describe('ensureKustomizationResources', () => {
  const KUSTOMIZATION = `---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: networking # everything here
resources:
- cilium/ # CNI first
- ./gateway
`;

  test("appends a missing entry once and keeps the file's list style and comments", () => {
    const out = ensureKustomizationResources(KUSTOMIZATION, 'k', ['coredns/ks.yaml']);
    assert.equal(out, `${KUSTOMIZATION}- coredns/ks.yaml\n`);
    assert.equal(ensureKustomizationResources(out, 'k', ['coredns/ks.yaml']), out);
  });

  test('treats ./x, x and x/ as the same entry', () => {
    assert.equal(ensureKustomizationResources(KUSTOMIZATION, 'k', ['gateway/', 'cilium']), KUSTOMIZATION);
  });

  test('creates resources when the key is missing', () => {
    const out = ensureKustomizationResources('---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n', 'k', ['networking']);
    assert.match(out, /resources:\n {2}- networking\n$/);
  });

  test('removes an entry and nothing else', () => {
    const out = removeKustomizationResources(`${KUSTOMIZATION}- coredns/ks.yaml\n`, 'k', ['coredns/ks.yaml']);
    assert.equal(out, KUSTOMIZATION);
  });
});
