/**
 * Writes what the validator knows about each chart a service vendors, from the charts in
 * test/fixtures/charts/<chart>/<version>/. A service asks for it with a descriptor,
 * src/services/<service>/chart-profile.json, so a new service needs no edit here:
 *   chart         the chart's name, also its folder under test/fixtures/charts
 *   output        the profiles file (one values shape and checked defaults per group of versions)
 *   exportName    the constant that file exports
 *   defaultPaths  the values the service's checks merge user values over (its profile's defaults)
 *   catalogue     optional: also write the releases (version, appVersion, OCI or not) listed in the
 *                 chart folder's releases.yaml (see scripts/vendor-coredns-chart.ts) to this file
 * Without releases.yaml, every version folder with a Chart.yaml is profiled.
 * Run: npx tsx scripts/generate-chart-profiles.ts [--out <dir>]   (--out: every file into <dir>)
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

type Shape = 'leaf' | 'list' | 'map' | { [key: string]: Shape };
type Values = Record<string, unknown>;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = join(ROOT, 'src', 'services');
const CHART_PROFILE_TYPE = join(ROOT, 'src', 'model', 'charts', 'chart-profile.ts');

const Descriptor = z.strictObject({
  chart: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  output: z.string().regex(/^src\/.+\.generated\.ts$/),
  exportName: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  defaultPaths: z.array(z.string().min(1)),
  catalogue: z
    .string()
    .regex(/^src\/.+\.generated\.ts$/)
    .optional(),
});
type Descriptor = z.infer<typeof Descriptor>;

/** Every service's chart-profile.json, by service folder name. */
function descriptors(): Descriptor[] {
  return readdirSync(SERVICES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(SERVICES, entry.name, 'chart-profile.json')))
    .map((entry) => entry.name)
    .sort()
    .map((service) => {
      const file = join('src', 'services', service, 'chart-profile.json');
      const parsed = Descriptor.safeParse(JSON.parse(readFileSync(join(ROOT, file), 'utf8')));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

const isMap = (value: unknown): value is Values => value !== null && typeof value === 'object' && !Array.isArray(value);
const VALUES_PATH = /\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;
/** A path the templates render whole (toYaml, tpl, range, with): its content is free-form. */
const WHOLE_PATH = /\b(?:toYaml|range|with)\b[^{}]*?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g;

function templatesText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

const matches = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!.slice(1));

/**
 * The shape of one version's values: values.yaml's keys, plus the keys its templates read that
 * values.yaml only documents in comments (service.clusterIP, k8sAppLabelOverride, fullnameOverride).
 */
function shapeOf(values: Values, templates: string, valuesSource: string): Shape {
  const whole = new Set(matches(templates, WHOLE_PATH));
  // A free-form value without a default is a list where values.yaml's commented example is one.
  const kind = (value: unknown, path: string): Shape => {
    if (Array.isArray(value)) return 'list';
    if (isMap(value)) return 'map';
    // `with` over a scalar default (a priorityClassName, a duration) renders one value, not an object.
    if (['string', 'number', 'boolean'].includes(typeof value)) return 'leaf';
    const leaf = path.split('.').at(-1)!;
    return new RegExp(`^\\s*#\\s*${leaf}:\\s*(\\[|\\n\\s*#\\s*- )`, 'm').test(valuesSource) ? 'list' : 'map';
  };
  const build = (value: unknown, path: string): Shape => {
    if (whole.has(path) || (isMap(value) && Object.keys(value).length === 0)) return kind(value, path);
    if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, build(child, path ? `${path}.${key}` : key)]));
    return Array.isArray(value) ? 'list' : 'leaf';
  };
  const shape = build(values, '') as Record<string, Shape>;
  for (const path of matches(templates, VALUES_PATH)) {
    const parts = path.split('.');
    let node: Record<string, Shape> = shape;
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1;
      if (!(part in node)) node[part] = last ? (whole.has(path) ? kind(undefined, path) : 'leaf') : {};
      const next = node[part]!;
      if (typeof next === 'string') break;
      node = next;
    }
  }
  return shape;
}

function pick(values: Values, paths: readonly string[]): Values {
  const out: Values = {};
  for (const path of paths) {
    const parts = path.split('.');
    let from: unknown = values;
    for (const part of parts) from = isMap(from) ? from[part] : undefined;
    if (from === undefined) continue;
    let to = out;
    for (const part of parts.slice(0, -1)) to = (to[part] ??= {}) as Values;
    to[parts.at(-1)!] = from;
  }
  return out;
}

/** TypeScript source for a JSON-like value, keys unquoted where they can be. */
function literal(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${inner}${literal(item, inner)},`).join('\n')}\n${indent}]`;
  }
  if (isMap(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`);
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)},`).join('\n')}\n${indent}}`;
  }
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  return JSON.stringify(value);
}

interface Release {
  version: string;
  commit: string;
  oci: boolean;
}

const numeric = (version: string) => version.split(/[.-]/).map((part) => Number.parseInt(part, 10));
function byVersion(a: string, b: string): number {
  const [x, y] = [numeric(a), numeric(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** `import type` of ChartProfile or ChartRelease, relative to the generated file. */
function importFrom(output: string, target: string): string {
  const path = relative(dirname(join(ROOT, output)), target).replace(/\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

/** The files one descriptor asks for, by their path in the repository. */
export function generate(descriptor: Descriptor): Map<string, string> {
  const { chart, output, exportName, defaultPaths, catalogue } = descriptor;
  const charts = join(ROOT, 'test', 'fixtures', 'charts', chart);
  const header = `// Generated by scripts/generate-chart-profiles.ts from ${relative(ROOT, charts)}; do not edit.\n`;
  const releasesFile = join(charts, 'releases.yaml');
  const releases: Release[] | undefined = existsSync(releasesFile) ? (parse(readFileSync(releasesFile, 'utf8')) as { releases: Release[] }).releases : undefined;
  const versions =
    releases?.map((release) => release.version) ??
    readdirSync(charts, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(charts, entry.name, 'Chart.yaml')))
      .map((entry) => entry.name)
      .sort(byVersion);
  if (versions.length === 0) throw new Error(`${relative(ROOT, charts)}: no vendored chart version (a <version>/Chart.yaml folder)`);
  const appVersions = new Map(
    versions.map((version) => {
      const meta = parse(readFileSync(join(charts, version, 'Chart.yaml'), 'utf8')) as { version: string; appVersion: string };
      if (meta.version !== version) throw new Error(`${relative(ROOT, join(charts, version))}/Chart.yaml says version ${meta.version}`);
      return [version, String(meta.appVersion)];
    }),
  );
  const groups = new Map<string, { versions: string[]; shape: Shape; defaults: Values }>();
  for (const version of versions) {
    const source = readFileSync(join(charts, version, 'values.yaml'), 'utf8');
    const values = (parse(source) ?? {}) as Values;
    const shape = shapeOf(values, templatesText(join(charts, version, 'templates')), source);
    const defaults = pick(values, defaultPaths);
    const key = JSON.stringify([shape, defaults]);
    const group = groups.get(key) ?? { versions: [], shape, defaults };
    group.versions.push(version);
    groups.set(key, group);
  }
  const profiles = [...groups.values()].map((group) => ({ chart, ...group }));
  const files = new Map<string, string>();
  if (catalogue) {
    if (!releases) throw new Error(`src/services/*/chart-profile.json for ${chart}: catalogue needs ${relative(ROOT, releasesFile)}`);
    const rows = releases.map(({ version, commit, oci }) => ({ version, appVersion: appVersions.get(version)!, oci, commit }));
    files.set(
      catalogue,
      `${header}import type { ChartRelease } from '${importFrom(catalogue, join(ROOT, 'src', 'model', 'chart-catalog.ts'))}';\n\n/** Every released ${chart} chart version from ${versions[0]} on, oldest first. */\nexport const CHART_RELEASES: readonly ChartRelease[] = ${literal(rows)};\n`,
    );
  }
  files.set(
    output,
    `${header}import type { ChartProfile } from '${importFrom(output, CHART_PROFILE_TYPE)}';\n\n/** One profile per run of versions whose values shape and checked defaults are the same, oldest first. */\nexport const ${exportName}: readonly ChartProfile[] = ${literal(profiles)};\n`,
  );
  return files;
}

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
for (const descriptor of descriptors()) {
  for (const [target, text] of generate(descriptor)) {
    const file = out ? join(out, target.split('/').at(-1)!) : join(ROOT, target);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}
