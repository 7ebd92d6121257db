import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { generateCoreDnsRepo } from '../../src/index.js';
import { STORY_ANSWERS } from '../support/story.js';
import { tempDir } from '../support/tree.js';
import { KUBECTL_ON_PATH } from '../support/kubectl.js';

/**
 * What Flux's postBuild does to one built resource, for plain `${VAR}` only: serialize, replace,
 * parse again. Enough to show each cluster's values; the validator implements the full rules.
 */
function substituteLikeFlux(resource: unknown, vars: Record<string, string>): any {
  const text = stringify(resource).replace(/\$\{([_a-zA-Z][_a-zA-Z0-9]*)\}/g, (_match, name: string) => {
    assert.ok(name in vars, `\${${name}} is defined in cluster-settings (Flux 2.9 fails on undefined variables)`);
    return vars[name]!;
  });
  return parse(text);
}

const kubectl = KUBECTL_ON_PATH;

describe("the story's substitution, per cluster", { skip: !kubectl && 'kubectl not on PATH' }, () => {
  const dir = tempDir();
  generateCoreDnsRepo(dir, STORY_ANSWERS);
  const built = parseAllDocuments(execFileSync('kubectl', ['kustomize', join(dir, 'kubernetes/infrastructure/networking/coredns')], { encoding: 'utf8' })).map((doc) => doc.toJS());

  for (const cluster of STORY_ANSWERS.clusters) {
    test(`${cluster.name}: replicas become the integer ${cluster.replicas}, the ClusterIP ${cluster.dnsIp}`, () => {
      const settings = parse(readFileSync(join(dir, 'kubernetes/clusters', cluster.name, 'cluster-settings.yaml'), 'utf8'));
      assert.equal(settings.kind, 'ConfigMap');
      for (const value of Object.values(settings.data)) assert.equal(typeof value, 'string', 'ConfigMap data are strings');
      const release = substituteLikeFlux(
        built.find((o) => o.kind === 'HelmRelease'),
        settings.data,
      );
      assert.equal(release.spec.values.replicaCount, cluster.replicas);
      assert.equal(typeof release.spec.values.replicaCount, 'number');
      assert.equal(release.spec.values.service.clusterIP, cluster.dnsIp);
      // Everything else in the directory has no variable left over after substitution.
      for (const object of built) assert.doesNotMatch(stringify(substituteLikeFlux(object, settings.data)), /\$\{/);
    });
  }
});
