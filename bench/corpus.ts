/**
 * Corpus evaluation (issue 17), outside `npm test`:
 * `npm run corpus [-- [--mirror DIR] [--only TEXT] [SNAPSHOT_DIR | LIST.json] ...]` (compiled, so
 * the engine is found as users find it).
 *
 * Its inputs: each `<owner>+<name>[@commit].tgz` of a snapshot folder, and each repository of a
 * pinned list (bench/corpus/repositories.json: owner/name, commit, licence, why), materialised at
 * its commit from a local git mirror (`--mirror`, default ../.mirror beside the project:
 * `<owner>+<name>/repo`). By default both ../shared/corpus and bench/corpus/repositories.json;
 * `--only` keeps the repositories whose name contains TEXT. Each is put into a folder of this
 * run's own, committed to a fresh git repository (as a user's checkout is), and validated as a
 * user of that repository would. Printed per repository:
 * the clusters found, the Flux Kustomizations followed against every one its files hold, the
 * objects built, and each error or warning with its verdict from the reviewed golden file
 * bench/corpus/verdicts/<snapshot>.yaml (`true` or `false-alarm`, with a reason). A finding no
 * golden file names is `unreviewed`. Last, one table row per repository.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { packageRoot } from '../src/private/package-root.js';
import { parse, parseAllDocuments } from 'yaml';
import { type Finding, validateRepo } from '../src/validate/index.js';
import { materialise, readPinnedList, snapshotName } from './corpus-repositories.js';

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

/**
 * Every Flux Kustomization its YAML files hold (`namespace/name`, with its file), as the
 * denominator of what Flux applies; and what lists each file: the kustomization.yaml resources
 * and Flux `spec.path` folders of the repository (to tell an unlisted file, which nothing applies,
 * from one a build should have reached).
 */
function fluxKustomizationsInFiles(dir: string): { found: Map<string, string>; listed: (file: string) => boolean; namespacesOver: (file: string) => string[] } {
  const found = new Map<string, string>();
  const namespaceOf = new Map<string, string>();
  const resources = new Set<string>();
  const fluxPaths = new Set<string>();
  const kustomizationDirs = new Set<string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name) && statSync(path).size < 1 << 20) {
        const text = readFileSync(path, 'utf8');
        const isKustomization = /^kustomization\.ya?ml$/.test(entry.name);
        if (!isKustomization && !text.includes('kustomize.toolkit.fluxcd.io')) continue;
        for (const doc of parseAllDocuments(text)) {
          const o = doc.errors.length === 0 ? (doc.toJS() as Record<string, unknown> | null) : null;
          if (isKustomization) {
            kustomizationDirs.add(d);
            if (typeof o?.namespace === 'string') namespaceOf.set(d, o.namespace);
            const listed = [o?.resources, o?.components].flatMap((l) => (Array.isArray(l) ? l : []));
            for (const r of listed) if (typeof r === 'string') resources.add(join(d, r));
            continue;
          }
          const meta = o?.metadata as { name?: unknown; namespace?: unknown } | undefined;
          if (o?.kind === 'Kustomization' && String(o.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/') && typeof meta?.name === 'string') {
            // Without a namespace of its own it takes its kustomization's: matched by name alone.
            found.set(`${typeof meta.namespace === 'string' ? meta.namespace : '*'}/${meta.name}`, path);
            const spec = o.spec as { path?: unknown; targetNamespace?: unknown } | undefined;
            if (typeof spec?.path === 'string') {
              fluxPaths.add(join(dir, spec.path));
              if (typeof spec.targetNamespace === 'string') namespaceOf.set(join(dir, spec.path), spec.targetNamespace);
            }
          }
        }
      }
    }
  };
  walk(dir);
  // Listed: named by a kustomization.yaml; or in a folder tree without one, below a Flux path or a
  // folder a kustomization.yaml names (Flux's generator then takes every file of that tree).
  const listed = (file: string): boolean => {
    if (resources.has(file)) return true;
    for (let d = dirname(file); d.startsWith(dir) && !kustomizationDirs.has(d); d = dirname(d)) {
      if (fluxPaths.has(d) || resources.has(d)) return true;
      if (d === dir) break;
    }
    return false;
  };
  // The namespaces set on a file's objects from above: a kustomization.yaml's `namespace:`, a Flux
  // Kustomization's `targetNamespace` for its path.
  const namespacesOver = (file: string): string[] => {
    const out: string[] = [];
    for (let d = dirname(file); d.startsWith(dir); d = dirname(d)) {
      const ns = namespaceOf.get(d);
      if (ns) out.push(ns);
      if (d === dir) break;
    }
    return out;
  };
  return { found, listed, namespacesOver };
}

/** A snapshot archive unpacked into `into/<snapshot>`. */
function unpack(tgz: string, into: string): string {
  const dir = join(into, basename(tgz, '.tgz'));
  mkdirSync(dir);
  execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  return dir;
}

/** Makes `dir` a git checkout with one commit, as a user's clone is. */
function commitAll(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=corpus', '-c', 'user.email=corpus@localhost', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'snapshot');
}

interface Row {
  readonly snapshot: string;
  readonly clusters: number;
  readonly followed: number;
  readonly inFiles: number;
  /** Not followed although a kustomization.yaml or a Flux path lists their file. */
  readonly listedNotFollowed: number;
  readonly objects: number;
  readonly errors: number;
  readonly warnings: number;
  readonly verdicts: { true: number; falseAlarm: number; unreviewed: number };
  /** Set when the repository could not be materialised. */
  readonly missing?: string;
}

async function evaluate(snapshot: string, dir: string, label = ''): Promise<Row> {
  commitAll(dir);
  const started = process.hrtime.bigint();
  const report = await validateRepo({ repo: dir });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const { found: inFiles, listed, namespacesOver } = fluxKustomizationsInFiles(dir);
  const followed = new Set(report.clusters.flatMap((c) => c.kustomizations.map((k) => k.replace(/^Kustomization\//, ''))));
  const reviewed = verdicts(snapshot);
  const shown = report.findings.filter((f) => f.severity !== 'info');
  let falseAlarms = 0;
  let truths = 0;
  let unreviewed = 0;
  console.log(`\n## ${snapshot}${label}  (${(ms / 1000).toFixed(2)} s)`);
  console.log(`clusters: ${report.clusters.map((c) => `${c.name} (${c.path ?? '?'}, ${c.kustomizations.length} Kustomizations, ${c.objects} objects)`).join('; ') || 'none'}`);
  const followedNames = new Set([...followed].map((k) => k.split('/').pop()));
  // A kustomization.yaml's `namespace:` moves a Flux Kustomization out of the namespace its file says.
  const isFollowed = (k: string) => {
    const name = k.slice(k.indexOf('/') + 1);
    if (k.startsWith('*/')) return followedNames.has(name);
    return followed.has(k) || namespacesOver(inFiles.get(k)!).some((ns) => followed.has(`${ns}/${name}`));
  };
  const notFollowed = [...inFiles.keys()].filter((k) => !isFollowed(k));
  const listedNotFollowed = notFollowed.filter((k) => listed(inFiles.get(k)!));
  console.log(
    `Flux Kustomizations: ${inFiles.size - notFollowed.length} of the ${inFiles.size} its files hold followed (${followed.size} in all)${notFollowed.length ? `; not followed: ${notFollowed.slice(0, 12).join(', ')}${notFollowed.length > 12 ? ', ...' : ''}` : ''}`,
  );
  if (notFollowed.length > 0)
    console.log(
      `  of those not followed, ${notFollowed.length - listedNotFollowed.length} are in files nothing lists (no kustomization.yaml names them, no Flux path holds them)${
        listedNotFollowed.length ? `; ${listedNotFollowed.length} are listed: ${listedNotFollowed.map((k) => `${k} (${relative(dir, inFiles.get(k)!)})`).join(', ')}` : ''
      }`,
    );
  console.log(`objects built: ${report.clusters.reduce((n, c) => n + c.objects, 0)}; errors ${report.errors}, warnings ${report.warnings}, notes ${report.findings.length - shown.length}`);
  for (const f of shown) {
    const v = reviewed.get(findingKey(f));
    const verdict = v ? v.verdict : 'unreviewed';
    if (verdict === 'false-alarm') falseAlarms++;
    if (verdict === 'true') truths++;
    if (!v) unreviewed++;
    console.log(`  [${verdict}] ${f.severity} ${findingKey(f)}: ${f.message.slice(0, 200)}${v ? ` -- ${v.why}` : ''}`);
  }
  return {
    snapshot,
    clusters: report.clusters.length,
    followed: inFiles.size - notFollowed.length,
    inFiles: inFiles.size,
    listedNotFollowed: listedNotFollowed.length,
    objects: report.clusters.reduce((n, c) => n + c.objects, 0),
    errors: report.errors,
    warnings: report.warnings,
    verdicts: { true: truths, falseAlarm: falseAlarms, unreviewed },
  };
}

const zero = { clusters: 0, followed: 0, inFiles: 0, listedNotFollowed: 0, objects: 0, errors: 0, warnings: 0, verdicts: { true: 0, falseAlarm: 0, unreviewed: 0 } };

/** The per-repository table (markdown), and the totals. */
function printTable(rows: readonly Row[]): void {
  console.log('\n| repository | clusters | Flux Kustomizations followed / in its files | objects | errors | warnings | true / false alarm / unreviewed |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    if (r.missing) console.log(`| ${r.snapshot} | not materialised: ${r.missing} | | | | | |`);
    else
      console.log(
        `| ${r.snapshot} | ${r.clusters} | ${r.followed} / ${r.inFiles} | ${r.objects} | ${r.errors} | ${r.warnings} | ${r.verdicts.true} / ${r.verdicts.falseAlarm} / ${r.verdicts.unreviewed} |`,
      );
  }
  const sum = (f: (r: Row) => number) => rows.reduce((n, r) => n + f(r), 0);
  console.log(
    `| **${rows.length} repositories** | ${sum((r) => r.clusters)} | ${sum((r) => r.followed)} / ${sum((r) => r.inFiles)} | ${sum((r) => r.objects)} | ${sum((r) => r.errors)} | ${sum((r) => r.warnings)} | ${sum((r) => r.verdicts.true)} / ${sum((r) => r.verdicts.falseAlarm)} / ${sum((r) => r.verdicts.unreviewed)} |`,
  );
}

/** Command-line arguments: `--mirror DIR`, `--only TEXT`, and the sources. */
function parseArgs(argv: readonly string[]): { mirror: string; only?: string; sources: string[] } {
  const sources: string[] = [];
  let mirror = join(ROOT, '..', '.mirror');
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--mirror' || arg === '--only') {
      const value = argv[++i];
      if (value === undefined) {
        console.error(`${arg} needs a value`);
        process.exit(2);
      }
      if (arg === '--mirror') mirror = value;
      else only = value;
    } else sources.push(arg);
  }
  if (sources.length === 0) sources.push(...[join(ROOT, '..', 'shared', 'corpus'), join(ROOT, 'bench', 'corpus', 'repositories.json')].filter((s) => existsSync(s)));
  return { mirror, ...(only !== undefined ? { only } : {}), sources };
}

const args = parseArgs(process.argv.slice(2));
const keep = (name: string) => args.only === undefined || name.includes(args.only);
const work = mkdtempSync(join(tmpdir(), 'platform-gitops-corpus-'));
try {
  const rows: Row[] = [];
  for (const source of args.sources) {
    if (source.endsWith('.json')) {
      for (const entry of readPinnedList(source).filter((e) => keep(snapshotName(e)))) {
        const got = materialise(entry, args.mirror, work);
        if ('missing' in got) {
          console.log(`\n## ${snapshotName(entry)}: not materialised: ${got.missing}`);
          rows.push({ snapshot: snapshotName(entry), ...zero, missing: got.missing });
        } else rows.push(await evaluate(snapshotName(entry), got.dir, ` @ ${entry.commit.slice(0, 12)}`));
      }
    } else {
      const snapshots = readdirSync(source)
        .filter((f) => f.endsWith('.tgz') && keep(basename(f, '.tgz')))
        .sort()
        .map((f) => join(source, f));
      for (const tgz of snapshots) rows.push(await evaluate(basename(tgz, '.tgz'), unpack(tgz, work)));
    }
  }
  printTable(rows);
  const errors = rows.reduce((n, r) => n + r.errors, 0);
  const falseAlarms = rows.reduce((n, r) => n + r.verdicts.falseAlarm, 0);
  const unreviewed = rows.reduce((n, r) => n + r.verdicts.unreviewed, 0);
  console.log(`\n${rows.length} repositories: ${errors} errors, ${falseAlarms} findings false alarms by the golden files, ${unreviewed} findings unreviewed (${relative(ROOT, VERDICTS)})`);
  const notFollowed = rows.reduce((n, r) => n + r.inFiles - r.followed, 0);
  const listedNotFollowed = rows.reduce((n, r) => n + r.listedNotFollowed, 0);
  console.log(
    `Flux Kustomizations not followed: ${notFollowed}; ${notFollowed - listedNotFollowed} in files nothing lists, ${listedNotFollowed} listed by a kustomization.yaml or under a Flux path (named per repository above)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
