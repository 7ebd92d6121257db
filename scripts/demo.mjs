// `npm run demo`: runs `platform-gitops coredns` on the story's two clusters into ./demo and
// shows every file it wrote. Re-running is safe: the second run writes nothing.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, 'demo');
const fresh = !existsSync(demo);
mkdirSync(demo, { recursive: true });
// Story 04 starts from story 01's repository: a stand-in for its cilium-core Kustomization,
// which CoreDNS depends on, so the demo validates like a real repository would.
if (fresh) cpSync(join(root, 'test/fixtures/story-01-cilium'), demo, { recursive: true });
copyFileSync(join(root, 'docs/examples/story-answers.yaml'), join(demo, 'answers.yaml'));

const run = spawnSync(process.execPath, [join(root, 'bin/platform-gitops.js'), 'coredns', '--answers', 'answers.yaml'], {
  cwd: demo,
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (run.status !== 0) process.exit(run.status ?? 1);

const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
  entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]);
for (const file of files(join(demo, 'kubernetes')).sort()) {
  process.stdout.write(`\n# ${relative(root, file)}\n${readFileSync(file, 'utf8')}`);
}
process.stdout.write(`\nThe tree above is in ${relative(process.cwd(), demo) || '.'}/ (answers stored in demo/.yo-rc.json); validation ran after writing (see above).\n`);
