/**
 * Corpus evaluation (issue 17), outside `npm test`: `npm run corpus [-- SNAPSHOT_DIR ...]` (compiled, so the engine is found as users find it).
 *
 * Each `<owner>+<name>[@commit].tgz` of the snapshot folders (default: ../shared/corpus beside the
 * project) is unpacked into a folder of this run's own, committed to a fresh git repository (as a
 * user's checkout is), and validated as a user of that repository would. Printed per repository:
 * the clusters found, the Flux Kustomizations followed against every one its files hold, the
 * objects built, and each error or warning with its verdict from the reviewed golden file
 * bench/corpus/verdicts/<snapshot>.yaml (`true` or `false-alarm`, with a reason). A finding no
 * golden file names is `unreviewed`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { packageRoot } from '../src/private/package-root.js';
import { parse, parseAllDocuments } from 'yaml';
import { type Finding, validateRepo } from '../src/validate/index.js';

const ROOT = packageRoot();
const VERDICTS = join(ROOT, 'bench', 'corpus', 'verdicts');

interface Verdict {
  readonly finding: string;
  readonly verdict: 'true' | 'false-alarm';
  readonly why: string;
}

/** The key a golden file names a finding by: code, cluster, object and file, without the message. */
const findingKey = (f: Finding): string => [f.code, f.cluster ?? '-', f.object ?? '-', f.file ?? '-'].join(' | ');

function verdicts(snapshot: string): Map<string, Verdict> {
  const file = join(VERDICTS, `${snapshot}.yaml`);
  if (!existsSync(file)) return new Map();
  const list = (parse(readFileSync(file, 'utf8')) ?? []) as Verdict[];
  return new Map(list.map((v) => [v.finding, v]));
}

/** Every Flux Kustomization its YAML files hold (`namespace/name`), as the denominator of what Flux applies. */
function fluxKustomizationsInFiles(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name) && statSync(path).size < 1 << 20) {
        const text = readFileSync(path, 'utf8');
        if (!text.includes('kustomize.toolkit.fluxcd.io')) continue;
        for (const doc of parseAllDocuments(text)) {
          const o = doc.errors.length === 0 ? (doc.toJS() as Record<string, unknown> | null) : null;
          const meta = o?.metadata as { name?: unknown; namespace?: unknown } | undefined;
          if (o?.kind === 'Kustomization' && String(o.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/') && typeof meta?.name === 'string')
            // Without a namespace of its own it takes its kustomization's: matched by name alone.
            found.add(`${typeof meta.namespace === 'string' ? meta.namespace : '*'}/${meta.name}`);
        }
      }
    }
  };
  walk(dir);
  return found;
}

function unpack(tgz: string, into: string): string {
  const dir = join(into, basename(tgz, '.tgz'));
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=corpus', '-c', 'user.email=corpus@localhost', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'snapshot');
  return dir;
}

async function evaluate(tgz: string, work: string): Promise<{ errors: number; falseAlarms: number; unreviewed: number }> {
  const snapshot = basename(tgz, '.tgz');
  const dir = unpack(tgz, work);
  const started = process.hrtime.bigint();
  const report = await validateRepo({ repo: dir });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const inFiles = fluxKustomizationsInFiles(dir);
  const followed = new Set(report.clusters.flatMap((c) => c.kustomizations.map((k) => k.replace(/^Kustomization\//, ''))));
  const reviewed = verdicts(snapshot);
  const shown = report.findings.filter((f) => f.severity !== 'info');
  let falseAlarms = 0;
  let unreviewed = 0;
  console.log(`\n## ${snapshot}  (${(ms / 1000).toFixed(2)} s)`);
  console.log(`clusters: ${report.clusters.map((c) => `${c.name} (${c.path ?? '?'}, ${c.kustomizations.length} Kustomizations, ${c.objects} objects)`).join('; ') || 'none'}`);
  const followedNames = new Set([...followed].map((k) => k.split('/').pop()));
  const notFollowed = [...inFiles].filter((k) => (k.startsWith('*/') ? !followedNames.has(k.slice(2)) : !followed.has(k)));
  console.log(
    `Flux Kustomizations: ${inFiles.size - notFollowed.length} of the ${inFiles.size} its files hold followed (${followed.size} in all)${notFollowed.length ? `; not followed: ${notFollowed.slice(0, 12).join(', ')}${notFollowed.length > 12 ? ', ...' : ''}` : ''}`,
  );
  console.log(`objects built: ${report.clusters.reduce((n, c) => n + c.objects, 0)}; errors ${report.errors}, warnings ${report.warnings}, notes ${report.findings.length - shown.length}`);
  for (const f of shown) {
    const v = reviewed.get(findingKey(f));
    const verdict = v ? v.verdict : 'unreviewed';
    if (verdict === 'false-alarm' && f.severity === 'error') falseAlarms++;
    if (!v) unreviewed++;
    console.log(`  [${verdict}] ${f.severity} ${findingKey(f)}: ${f.message.slice(0, 200)}${v ? ` -- ${v.why}` : ''}`);
  }
  return { errors: report.errors, falseAlarms, unreviewed };
}

const folders = process.argv.slice(2);
const sources = folders.length > 0 ? folders : [join(ROOT, '..', 'shared', 'corpus')];
const snapshots = sources.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(d, f)),
);
const work = mkdtempSync(join(tmpdir(), 'platform-gitops-corpus-'));
try {
  let errors = 0;
  let falseAlarms = 0;
  let unreviewed = 0;
  for (const tgz of snapshots.sort()) {
    const r = await evaluate(tgz, work);
    errors += r.errors;
    falseAlarms += r.falseAlarms;
    unreviewed += r.unreviewed;
  }
  console.log(`\n${snapshots.length} repositories: ${errors} errors, ${falseAlarms} of them false alarms by the golden files, ${unreviewed} findings unreviewed (${relative(ROOT, VERDICTS)})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
