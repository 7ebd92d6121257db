/** Where the CoreDNS chart can come from. */
export type ChartSource = 'helm' | 'oci';

/** The classic Helm repository that has served every chart version. */
export const CHART_HELM_REPOSITORY_URL = 'https://coredns.github.io/helm';
/** The OCI location the release workflow pushes to (cosign-signed). */
export const CHART_OCI_URL = 'oci://ghcr.io/coredns/charts/coredns';
/** The version the story pins. */
export const DEFAULT_CHART_VERSION = '1.38.0';

/**
 * The first chart version published to OCI. 1.38.0 introduced OCI publishing but its push
 * failed for lack of permission; 1.38.1 (same content) was the first to land on ghcr.io.
 */
const FIRST_OCI_VERSION: SemVer = [1, 38, 1];

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

/** Whether this chart version can be pulled from the OCI registry. */
export function isPublishedToOci(version: string): boolean {
  const parsed = parseChartVersion(version);
  return parsed !== undefined && compare(parsed, FIRST_OCI_VERSION) >= 0;
}

/** The first version on OCI, for error messages. */
export const FIRST_OCI_CHART_VERSION = FIRST_OCI_VERSION.join('.');

/** OCI where the version is published there (no cross-namespace HelmRepository index), else helm. */
export function defaultChartSource(version: string): ChartSource {
  return isPublishedToOci(version) ? 'oci' : 'helm';
}
