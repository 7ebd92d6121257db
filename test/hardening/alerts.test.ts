import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import { Engine } from '../../src/engine/index.js';
import { refusedByGenerator, runGenerator, storyRepo } from './refusal.js';

const RULES = 'kubernetes/infrastructure/networking/coredns-monitoring/prometheusrule.yaml';
const LABEL_REPLACE = (replacement: string) => `label_replace(up{job="coredns-metrics"}, "host", "${replacement}", "instance", "(.*):.*") == 0`;

describe('alert input errors say what is wrong and only that', () => {
  test('alert --preset nope reports only the unknown preset (no missing --expr or --name)', async () => {
    const dir = await storyRepo();
    const message = await refusedByGenerator(dir, runGenerator('alert', dir, { preset: 'nope' }), {
      field: '--preset',
      says: /Invalid input \(1 problem\)[\s\S]*"nope" is not a preset/,
      fix: /fix: use one of errors-warning, .*\(platform-gitops alert --list\)/,
    });
    assert.doesNotMatch(message, /--expr|--name|is missing/);
  });

  test('${1} in an expression is refused saying Flux would substitute it (failing in strict mode), and to write $${1}', async () => {
    const dir = await storyRepo();
    const message = await refusedByGenerator(dir, runGenerator('alert', dir, { name: 'CoreDNSHostDown', expr: LABEL_REPLACE('${1}') }), {
      field: '--expr',
      says: /contains "\$\{1\}": Flux's post-build substitution would replace it .* or fail the Kustomization under strict substitution/,
      fix: /fix: write "\$\$\{1\}" for a literal "\$\{1\}": Flux turns "\$\$\{" into "\$\{"/,
    });
    assert.doesNotMatch(message, /never needs/);
  });

  test('$${1}, as the fix says, is accepted and reaches Prometheus as ${1} after Flux substitution', async () => {
    const dir = await storyRepo();
    await runGenerator('alert', dir, { name: 'CoreDNSHostDown', expr: LABEL_REPLACE('$${1}') });
    // What kustomize-controller applies: the folder built and substituted by the engine (Flux's envsubst).
    const engine = new Engine();
    const spec = { path: dirname(RULES), postBuild: { substitute: { UNUSED: 'x' } } };
    const outcome = await engine.build({
      sourceRoot: dir,
      kustomization: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'm', namespace: 'flux-system' }, spec },
    });
    await engine.close();
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.problem.message);
    const prometheusRule = outcome.result.objects.find((o) => o.file === RULES)!.object as { spec: { groups: unknown } };
    const rule = (prometheusRule.spec.groups as Array<{ rules: Array<{ alert?: string; expr: string }> }>).flatMap((group) => group.rules).find((r) => r.alert === 'CoreDNSHostDown');
    assert.equal(rule?.expr, LABEL_REPLACE('${1}'));
  });
});
