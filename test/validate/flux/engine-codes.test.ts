import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { type Finding, validateRepo } from '../../../src/index.js';
import { tempDir } from '../../support/tree.js';
import { fluxKs, put } from './fixture-repos.js';

// Codes only the engine emits: Flux's own envsubst (fluxcd/pkg/envsubst) and its bounds.
const SUBSTITUTE = '  postBuild:\n    substitute:\n      CLUSTER: lab\n';
const configMap = (value: string) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: flux-system\ndata:\n  value: ${value}\n`;

describe('substitution codes from the engine', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  /** The findings of a repository whose apps/ folder holds `app`, substituted by one Kustomization. */
  const findingsFor = async (app: string, postBuild = SUBSTITUTE): Promise<Finding[]> => {
    const repo = tempDir();
    dirs.push(repo);
    put(repo, 'clusters/lab/apps.yaml', fluxKs('apps', './apps', postBuild));
    put(repo, 'apps/app.yaml', app);
    return [...(await validateRepo({ repo })).findings];
  };
  const only = (findings: readonly Finding[], code: string): Finding => {
    const hits = findings.filter((f) => f.code === code);
    assert.equal(hits.length, 1, `one ${code} among ${JSON.stringify(findings.map((f) => [f.code, f.message]))}`);
    return hits[0]!;
  };

  test('substitute-syntax: an unclosed ${ is a syntax error naming the object and file', async () => {
    const finding = only(await findingsFor(configMap('"${CLUSTER"')), 'substitute-syntax');
    assert.deepEqual([finding.severity, finding.file], ['error', 'apps/app.yaml']);
    assert.match(finding.message, /ConfigMap\/flux-system\/app/);
  });

  test('substitute-too-large: ${ nested deeper than the bound is refused before envsubst parses it', async () => {
    const finding = only(await findingsFor(configMap(`"${'${A:='.repeat(40)}x${'}'.repeat(40)}"`)), 'substitute-too-large');
    assert.equal(finding.file, 'apps/app.yaml');
    assert.match(finding.message, /nests \$\{\.\.\.\} 40 deep/);
  });

  test('substitute-failed: a value that breaks the YAML once substituted fails like Flux', async () => {
    const finding = only(await findingsFor(configMap('${BROKEN}'), '  postBuild:\n    substitute:\n      BROKEN: "[unclosed"\n'), 'substitute-failed');
    assert.deepEqual([finding.severity, finding.file], ['error', 'apps/app.yaml']);
  });
});
