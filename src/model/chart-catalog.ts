import { CHART_RELEASES } from './chart-versions.generated.js';
import type { InputCode } from './input-codes.js';
import { quote } from './input-error.js';

/** Where the CoreDNS chart can come from. */
export type ChartSource = 'helm' | 'oci';

/** One released chart version (from the vendored charts, see scripts/generate-chart-profiles.ts). */
export interface ChartRelease {
  readonly version: string;
  readonly appVersion: string;
  /** Whether the release reached oci://ghcr.io (1.38.0's push failed for lack of permission). */
  readonly oci: boolean;
  /** The coredns/helm commit of the release tag. */
  readonly commit: string;
}

/** The version the story pins. */
export const DEFAULT_CHART_VERSION = '1.38.0';

/** Every released version from 1.38.0 on, oldest first. */
export const CHART_VERSIONS: readonly ChartRelease[] = CHART_RELEASES;
/** The newest version the catalogue knows. */
export const NEWEST_CHART_VERSION = CHART_RELEASES.at(-1)!.version;

type SemVer = [number, number, number];

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Parses a plain `MAJOR.MINOR.PATCH` version (the chart publishes no pre-releases). */
export function parseChartVersion(text: string): SemVer | undefined {
  const match = SEMVER.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compare(a: SemVer, b: SemVer): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether the catalogue lists this version as released. */
export function isKnownChartVersion(version: string): boolean {
  return CHART_RELEASES.some((release) => release.version === version);
}

/** The first version on OCI, for error messages. */
export const FIRST_OCI_CHART_VERSION = CHART_RELEASES.find((release) => release.oci)!.version;
const FIRST_OCI_VERSION = parseChartVersion(FIRST_OCI_CHART_VERSION)!;

/**
 * Whether this chart version can be pulled from the OCI registry: the catalogue's word for known
 * versions; versions it does not list count as on OCI from the first one there on (the release
 * workflow still pushes every release).
 */
export function isPublishedToOci(version: string): boolean {
  const known = CHART_RELEASES.find((release) => release.version === version);
  if (known) return known.oci;
  const parsed = parseChartVersion(version);
  return parsed !== undefined && compare(parsed, FIRST_OCI_VERSION) >= 0;
}

/** OCI where the version is published there (no cross-namespace HelmRepository index), else helm. */
export function defaultChartSource(version: string): ChartSource {
  return isPublishedToOci(version) ? 'oci' : 'helm';
}

/** What is wrong with a chart answer: its code, the message and the fix (the model's issue; a prompt shows message and fix). */
export interface ChartAnswerProblem {
  readonly code: InputCode;
  readonly message: string;
  readonly fix: string;
}

/** Why `version` cannot be a chart version, or undefined when it can (a version the catalogue does not list can, checked as it is). */
export function chartVersionProblem(version: string): ChartAnswerProblem | undefined {
  if (parseChartVersion(version)) return undefined;
  return {
    code: 'chart-version-invalid',
    message: `${quote(version)} is not a chart version`,
    fix: `use MAJOR.MINOR.PATCH, e.g. ${DEFAULT_CHART_VERSION} (the catalogue has ${CHART_RELEASES[0]!.version} to ${NEWEST_CHART_VERSION})`,
  };
}

/** Why the chart cannot come from `source` at `version`, or undefined when it can (nothing to say of an invalid version: its own problem). */
export function chartSourceProblem(source: string, version: string): ChartAnswerProblem | undefined {
  if (source !== 'helm' && source !== 'oci') {
    return { code: 'chart-source-invalid', message: `${quote(source)} is not a chart source`, fix: 'use "helm" (HelmRepository) or "oci" (OCIRepository)' };
  }
  if (source === 'oci' && parseChartVersion(version) && !isPublishedToOci(version)) {
    return {
      code: 'chart-source-not-on-oci',
      message: `chart ${version} was never published to OCI (the first OCI release is ${FIRST_OCI_CHART_VERSION})`,
      fix: `use source "helm" for ${version}, or version ${FIRST_OCI_CHART_VERSION} or later with "oci"`,
    };
  }
  return undefined;
}
