import { type Document, type Scalar, isScalar, parseAllDocuments } from 'yaml';
import { InputError, canonicalAddress, parseAddress } from '../../../model/index.js';
import { type CoreDnsConfig } from '../model/coredns-config.js';
import { findCoreDnsReleases } from '../layout/find-coredns-releases.js';
import { MAX_PARSED_CHARS, type RepoObject } from '../../../layout/repo-objects.js';
import type { CoreDnsPlan } from '../render/coredns-plan.js';
import type { PlannedFile, TreeReader } from '../../../kit/index.js';

/**
 * Manages an existing CoreDNS HelmRelease in place: only its replicas, ClusterIP and chart
 * version are set (on the nodes that hold them, so comments and every other value stay);
 * nothing of ours is written beside it.
 */
export function planAdoption(config: CoreDnsConfig, file: string, reader: TreeReader, objects: readonly RepoObject[]): CoreDnsPlan {
  const release = findCoreDnsReleases(objects).find((r) => r.file === file);
  if (!release) {
    // A file that no longer parses (or grew past what is parsed) is that, not a release gone.
    const text = reader.read(file);
    if (text !== undefined && text.length > MAX_PARSED_CHARS) {
      throw new InputError([
        {
          code: 'adopt-release-too-large',
          path: file,
          message: `is ${text.length} characters; --adopt reads a release file of at most ${MAX_PARSED_CHARS} (a CoreDNS HelmRelease is a few kilobytes)`,
          fix: 'move what makes it large (values of other charts, inline data) into its own file',
        },
      ]);
    }
    refuseInvalidYaml(file, text);
    throw new InputError([
      { code: 'adopt-release-gone', path: file, message: 'holds no HelmRelease of the coredns chart any more', fix: 'run with --reconfigure, or point layout.adopt in .yo-rc.json at the release' },
    ]);
  }
  if (config.clusters.length !== 1) {
    throw new InputError([
      {
        code: 'adopt-one-cluster',
        path: 'clusters',
        message: `an adopted release serves one cluster; ${config.clusters.length} were given`,
        fix: 'adopt with one cluster (the one that release runs on)',
      },
    ]);
  }
  const cluster = config.clusters[0]!;
  const files: PlannedFile[] = [];
  const notes: string[] = [];
  const edits: Array<[string, (string | number)[], string | number]> = [
    [release.file, ['spec', 'values', 'replicaCount'], cluster.replicas],
    [release.file, ['spec', 'values', 'service', 'clusterIP'], cluster.dnsIp],
  ];
  if (release.source !== config.chart.source) notes.push(`${release.file} keeps its ${release.source} chart source (adopting does not move a release to another source)`);
  if (release.source === 'helm') edits.push([release.file, ['spec', 'chart', 'spec', 'version'], config.chart.version]);
  else if (release.sourceFile) edits.push([release.sourceFile, ['spec', 'ref', 'tag'], config.chart.version]);
  for (const path of new Set(edits.map(([f]) => f))) {
    const text = reader.read(path)!;
    refuseInvalidYaml(path, text);
    const kinds = path === release.file ? 'HelmRelease' : 'OCIRepository';
    files.push({
      path,
      role: 'merged',
      contents: setScalars(
        text,
        kinds,
        edits.filter(([f]) => f === path).map(([, at, value]) => [at, value]),
        (at, existing) => notes.push(`${path} keeps ${at.join('.')}: ${existing} (${keptBecause(existing)}); adopting changes no value it cannot read as a plain literal`),
      ),
    });
  }
  return { files, notes };
}

/**
 * Sets values in the first document of `kind`, touching only nodes whose value changes. An
 * existing value that is not a plain canonical literal (a string "3", 2.5, a Flux variable
 * `${REPLICAS:=1}` maybe shared by several clusters, an address `10.43.0.053`) is kept, and
 * `kept` says so: replacing it with a default would change the cluster in silence.
 */
function setScalars(text: string, kind: string, edits: Array<[(string | number)[], string | number]>, kept: (path: (string | number)[], existing: string) => void): string {
  const docs = parseAllDocuments(text) as Document.Parsed[];
  const doc = docs.find((d) => d.get('kind') === kind)!;
  let changed = false;
  for (const [path, value] of edits) {
    const node = doc.getIn(path, true);
    if (isScalar(node)) {
      if (node.value === value) continue;
      if (!isPlainLiteral(node, value, path)) {
        kept(path, node.type === 'PLAIN' ? (node.source ?? String(node.value)) : JSON.stringify(node.value));
        continue;
      }
      node.value = value;
    } else if (node !== undefined && node !== null) {
      kept(path, 'a map or list');
      continue;
    } else {
      doc.setIn(path, value);
    }
    changed = true;
  }
  return changed ? docs.map((d) => d.toString({ lineWidth: 0 })).join('') : text;
}

/** The existing node holds a value of the new value's kind, written as the tool would write it (an address canonical). */
function isPlainLiteral(node: Scalar, value: string | number, path: readonly (string | number)[]): boolean {
  if (typeof value === 'number') return node.type === 'PLAIN' && typeof node.value === 'number' && Number.isInteger(node.value) && node.source === String(node.value);
  if (typeof node.value !== 'string' || node.value.includes('${')) return false;
  if (path.at(-1) !== 'clusterIP') return true; // a chart version: a string is what it is
  const address = parseAddress(node.value);
  return typeof address !== 'string' && canonicalAddress(address) === node.value;
}

function keptBecause(existing: string): string {
  if (existing.includes('${')) return 'a Flux variable, maybe shared by several clusters';
  return 'not written as the tool writes this value';
}

/** A file the adoption reads that is not valid YAML stops the run with its first error. */
export function refuseInvalidYaml(file: string, text: string | undefined): void {
  if (text === undefined) return;
  let error: { message: string; linePos?: Array<{ line: number }> } | undefined;
  try {
    error = parseAllDocuments(text, { uniqueKeys: true }).flatMap((d) => d.errors)[0];
  } catch (thrown) {
    error = { message: thrown instanceof RangeError ? 'nested too deeply to parse' : String(thrown) };
  }
  if (!error) return;
  const line = error.linePos?.[0]?.line;
  const first = (error.message.split('\n')[0] ?? '').replace(/^Maximum call stack size exceeded/, 'nested too deeply to parse').slice(0, 160);
  throw new InputError([{ code: 'existing-yaml-invalid', path: file, message: `is not valid YAML${line ? ` (line ${line})` : ''}: ${first}`, fix: 'repair the file by hand, then run again' }]);
}
