import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { validateRepo } from '../../../src/index.js';
import { edit, generatedRepo } from '../repo-support.js';
import { field } from '../../support/field.js';

const CORE_DNS = 'kubernetes/infrastructure/networking/coredns';
const INFRA = 'kubernetes/clusters/infra';

/** The infra cluster of the generated repository installing Flux `version` (as gotk-components labels it), its HelmRelease using an undefined variable. */
async function undefinedVariableUnder(version: string | undefined) {
  const repo = generatedRepo();
  if (version) {
    writeFileSync(
      join(repo, INFRA, 'flux-system-namespace.yaml'),
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: flux-system\n  labels:\n    app.kubernetes.io/part-of: flux\n    app.kubernetes.io/version: ${version}\n`,
    );
  }
  edit(repo, `${CORE_DNS}/helmrelease.yaml`, (t) => t.replace('priorityClassName: system-cluster-critical', 'priorityClassName: ${COREDNS_PRIORITY}'));
  const report = await validateRepo({ repo, cluster: 'infra' });
  const findings = report.findings.filter((f) => f.code === 'substitute-undefined');
  const release = report.clusters[0]!.rendered!.find(({ object }) => object.kind === 'HelmRelease' && object.metadata?.name === 'coredns')!;
  return { findings, priorityClassName: field(release.object, 'spec.values.priorityClassName') };
}

// kustomize-controller's StrictPostBuildSubstitutions gate is on by default from v1.9 (Flux 2.9),
// opt-in before: an undefined variable without default fails the reconcile, or becomes "".
describe('substitution follows the Flux version the cluster installs', () => {
  test('Flux 2.4: the empty text, as Flux applies it, and a warning naming the 2.9 upgrade', async () => {
    const { findings, priorityClassName } = await undefinedVariableUnder('v2.4.0');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'warning');
    assert.match(
      findings[0]!.message,
      /COREDNS_PRIORITY is not defined .*Flux v2\.4\.0 \(Namespace\/flux-system in kubernetes\/clusters\/infra\/flux-system-namespace\.yaml\) substitutes an empty string; Flux 2\.9 fails the reconcile/,
    );
    // `priorityClassName: ${COREDNS_PRIORITY}` substituted as text is `priorityClassName: `, which YAML reads as null.
    assert.equal(priorityClassName, null);
  });

  test('Flux 2.9: an error, the variable left as written', async () => {
    const { findings, priorityClassName } = await undefinedVariableUnder('v2.9.1');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'error');
    assert.match(findings[0]!.message, /COREDNS_PRIORITY is not defined .*Flux v2\.9\.1 .* fails the reconcile/);
    assert.equal(priorityClassName, '${COREDNS_PRIORITY}');
  });

  test('no version pinned: the newest Flux, strict', async () => {
    const { findings, priorityClassName } = await undefinedVariableUnder(undefined);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'error');
    assert.match(findings[0]!.message, /Flux 2\.9 fails the reconcile/);
    assert.equal(priorityClassName, '${COREDNS_PRIORITY}');
  });
});
