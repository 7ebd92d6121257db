import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { CHART_VERSIONS } from '../../../model/index.js';
import { type CoreDnsAnswers, type CoreDnsConfig, type TypedCoreDnsAnswers, resolveCoreDnsConfig } from '../model/coredns-config.js';
import { ownedCoreDnsFiles } from '../layout/coredns-layout-plan.js';
import type { TreeReader } from '../../../kit/index.js';
import { findCoreDnsReleases } from '../layout/find-coredns-releases.js';
import { repoObjects } from '../../../layout/repo-objects.js';

/** A chart version found in the owned files that the stored answers do not have yet. */
interface ChartUpgrade {
  readonly version: string;
  /** The files that carry it, as on disk: not hand edits, whatever their comments still say. */
  readonly files: ReadonlyMap<string, string>;
}

const objects = (text: string): unknown[] => parseAllDocuments(text).map((doc) => doc.toJS());

/**
 * Recognises a chart bump made in the owned files (by Renovate, or by hand): each owned file is
 * either what the stored answers render or, object for object, what they render with only the
 * chart version changed to one the catalogue knows (Renovate leaves comments as they were).
 */
function recogniseChartUpgrade(stored: CoreDnsAnswers | undefined, reader: TreeReader): ChartUpgrade | undefined {
  const config = tryResolve(stored);
  if (!stored || !config) return undefined;
  if (config.layout?.adopt) return adoptedUpgrade(config, config.layout.adopt, reader);
  const rendered = new Map(ownedCoreDnsFiles(config).map((f) => [f.path, f.contents]));
  const differing = [...rendered].filter(([path, text]) => reader.read(path) !== undefined && reader.read(path) !== text);
  if (differing.length === 0) return undefined;
  for (const { version } of CHART_VERSIONS) {
    if (version === config.chart.version) continue;
    const candidate = tryResolve({ ...stored, chart: { ...stored.chart, version } });
    if (!candidate) continue;
    const bumped = new Map(ownedCoreDnsFiles(candidate).map((f) => [f.path, f.contents]));
    const matches = differing.every(([path]) => bumped.has(path) && isDeepStrictEqual(objects(reader.read(path)!), objects(bumped.get(path)!)));
    if (matches) return { version, files: new Map(differing.map(([path]) => [path, reader.read(path)!])) };
  }
  return undefined;
}

/** An adopted release is merged, never owned: its version on disk is simply the newer answer. */
function adoptedUpgrade(config: CoreDnsConfig, file: string, reader: TreeReader): ChartUpgrade | undefined {
  const release = findCoreDnsReleases(repoObjects(reader)).find((r) => r.file === file);
  const version = release?.version;
  if (!version || version === config.chart.version || !CHART_VERSIONS.some((r) => r.version === version)) return undefined;
  return { version, files: new Map() };
}

function tryResolve(answers: CoreDnsAnswers | undefined): CoreDnsConfig | undefined {
  try {
    return answers ? resolveCoreDnsConfig(answers) : undefined;
  } catch {
    return undefined; // invalid stored answers are reported by the run itself
  }
}

/**
 * Puts a recognised upgrade into the answers (unless --chart-version says otherwise) and returns
 * the line that tells the user; `accepted` receives the files to treat as not hand-edited.
 */
export function applyChartUpgrade(
  answers: TypedCoreDnsAnswers,
  stored: CoreDnsAnswers | undefined,
  chartVersionOption: string | undefined,
  reader: TreeReader,
  accepted: Map<string, string>,
): string[] {
  if (chartVersionOption !== undefined) return [];
  const upgrade = recogniseChartUpgrade(stored, reader);
  if (!upgrade) return [];
  answers.chart = { ...answers.chart, version: upgrade.version };
  for (const [path, text] of upgrade.files) accepted.set(path, text);
  return [`Chart ${upgrade.version} found in the repository (a Renovate or hand bump): it is now the answer, stored in .yo-rc.json`];
}
