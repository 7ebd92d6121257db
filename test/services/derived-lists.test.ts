// docs/architecture.md's recipe, checked: a service registered here (a test-only one, in this
// process) appears in every list the front doors derive from the registry, with nothing else
// edited. A list kept by hand somewhere would miss it and fail this test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { main } from '../../src/cli/index.js';
import { subGenerators } from '../../src/generators/app-generator.js';
import { type PlatformService, registerService, registeredServices } from '../../src/index.js';
import { chartChecksFor, registerChartChecks } from '../../src/validate/charts/chart-checks.js';

const NAME = 'recipe-probe';
const PROBE: PlatformService<{ readonly note: string }> = {
  name: NAME,
  summary: 'test-only: plans nothing',
  resolve: (answers) => ({ note: z.object({ note: z.string().default('') }).parse(answers ?? {}).note }),
  toStored: (config) => ({ note: config.note }),
  plan: () => ({ files: [], notes: [] }),
  ownedFiles: () => [],
  registerChartChecks: () => registerChartChecks({ chart: 'recipe-probe-chart', profiles: [], keyHints: {}, checks: [] }),
  frontDoor: {
    does: 'probe the derived lists',
    table: { note: { type: 'string', description: 'A note', prompt: { type: 'input', message: 'Note' } } },
    gather: (stored, given) => ({ ...(stored as object | undefined), ...(typeof given.note === 'string' ? { note: given.note } : {}) }),
  },
};
registerService(PROBE);

/** What `platform-gitops <argv>` prints on stdout, and its exit code. */
async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (chunks.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    const code = await main(argv);
    return { code, out: chunks.join('') };
  } finally {
    process.stdout.write = write;
  }
}

test('the registry holds every built-in service, ci included, and the probe', () => {
  assert.deepEqual(
    registeredServices().map((s) => s.name),
    ['coredns', 'ci', 'metrics-server', NAME],
  );
});

test("`yo platform`'s list has every registered service (ci too), then the tools", () => {
  assert.deepEqual(
    subGenerators().map((g) => g.name),
    ['coredns', 'ci', 'metrics-server', NAME, 'cluster', 'alert'],
  );
  assert.equal(subGenerators().find((g) => g.name === NAME)?.does, 'probe the derived lists');
});

test("platform-gitops's command list and --help come from the registry", async () => {
  const usage = await run(['--help']);
  assert.equal(usage.code, 0);
  for (const service of registeredServices()) assert.match(usage.out, new RegExp(`^  ${service.name} +${service.summary.replace(/[()]/g, '\\$&')}$`, 'm'));
  const help = await run([NAME, '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /--note/);
});

test("validate's chart checks include the ones the service registered", () => {
  assert.equal(chartChecksFor('recipe-probe-chart')?.chart, 'recipe-probe-chart');
  assert.equal(chartChecksFor('metrics-server')?.chart, 'metrics-server');
  assert.equal(chartChecksFor('coredns')?.chart, 'coredns');
});
