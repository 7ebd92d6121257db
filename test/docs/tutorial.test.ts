import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../support/package-paths.js';
import { tempDir } from '../support/tree.js';
import { KUBECTL_ON_PATH } from '../support/kubectl.js';

/** The ```bash blocks of a Markdown file, in order. */
function bashBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

const kubectl = KUBECTL_ON_PATH;

test('every command of docs/tutorial.md runs, in order, as written', { skip: !kubectl && 'kubectl not on PATH' }, () => {
  const blocks = bashBlocks(readFileSync(join(ROOT, 'docs/tutorial.md'), 'utf8'));
  assert.ok(blocks.length >= 8, `found ${blocks.length} bash blocks`);
  const dir = tempDir('gp-tutorial-');
  // `npx platform-gitops` is this checkout's bin; stdin is not a terminal, as in CI.
  const prelude = `set -euo pipefail\nnpx() { if [ "$1" = platform-gitops ]; then shift; node ${JSON.stringify(join(ROOT, 'bin/platform-gitops.js'))} "$@"; else command npx "$@"; fi; }\n`;
  blocks.forEach((block, index) => {
    const result = spawnSync('bash', ['-c', prelude + block], { cwd: dir, encoding: 'utf8', input: '' });
    assert.equal(result.status, 0, `block ${index + 1} failed:\n${block}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  });
  // What the tutorial says was written is there.
  for (const file of [
    'kubernetes/infrastructure/networking/coredns/helmrelease.yaml',
    'kubernetes/infrastructure/networking/coredns/helmrepository.yaml',
    'kubernetes/clusters/edge/infrastructure.yaml',
    'report.json',
  ])
    assert.ok(existsSync(join(dir, file)), file);
  const rules = readFileSync(join(dir, 'kubernetes/infrastructure/networking/coredns-monitoring/prometheusrule.yaml'), 'utf8');
  assert.match(rules, /alert: CoreDNSCacheMissesHigh/);
  assert.doesNotMatch(readFileSync(join(dir, 'kubernetes/infrastructure/networking/coredns/helmrelease.yaml'), 'utf8'), /tuned by hand/);
});
