import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ValuesShape } from '../../src/index.js';
import { ROOT } from './package-paths.js';

/** The coredns charts vendored from github.com/coredns/helm (see SOURCE.md there). */
export const CHART_FIXTURES = join(ROOT, 'test', 'fixtures', 'charts', 'coredns');
export const chartDir = (version: string): string => join(CHART_FIXTURES, version);

/** A vendored version's values.yaml: its text and the parsed defaults. */
export function chartValues(version: string): { source: string; defaults: Record<string, unknown> } {
  const source = readFileSync(join(chartDir(version), 'values.yaml'), 'utf8');
  return { source, defaults: (parse(source) ?? {}) as Record<string, unknown> };
}

/** Every template of a vendored version, concatenated. */
export function chartTemplates(version: string): string {
  const dir = join(chartDir(version), 'templates');
  return readdirSync(dir)
    .sort()
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n');
}

const GOLDEN_RELEASE = join(ROOT, 'test', 'golden', 'coredns', 'story-helm', 'kubernetes', 'infrastructure', 'networking', 'coredns', 'helmrelease.yaml');

/** The story golden HelmRelease's spec.values, with `${VAR}`s replaced as Flux's post-build substitution would. */
export function goldenReleaseValues(variables: Record<string, string> = {}): Record<string, any> {
  const text = readFileSync(GOLDEN_RELEASE, 'utf8').replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => variables[name] ?? whole);
  return (parse(text) as { spec: { values: Record<string, any> } }).spec.values;
}

/** Leaf paths of a values tree; lists are leaves (their items are free-form objects). */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

/** The paths of `values` a shape has no place for (below a leaf, list or free-form map counts as a place). */
export function pathsOutside(values: unknown, shape: ValuesShape): string[] {
  return leafPaths(values).filter((path) => {
    let node: ValuesShape = shape;
    for (const part of path.split('.')) {
      if (typeof node === 'string') return false;
      const next: ValuesShape | undefined = node[part];
      if (next === undefined) return true;
      node = next;
    }
    return false;
  });
}
