import { checkReplicasAndPdb } from '../checks/replica-checks.js';
import { checkPdbFields, checkValuesKeys } from '../checks/chart-values-checks.js';
import { checkNetBindService, checkSpreadSelectsPods } from '../checks/coredns-pod-checks.js';
import type { AnyVersionCheck, ReleaseCheck } from '../checks/helm-release-checks.js';
import { checkClusterIpInCidr } from '../checks/network-checks.js';
import { checkPodSecurity } from '../checks/pod-security-checks.js';
import { checkCoreDnsAlertJobs } from '../checks/prometheus-rule-checks.js';
import { COREDNS_CHART_PROFILES, type ChartProfile } from '../../model/index.js';

/**
 * What the validator knows about one chart: the profiles of its versions and the checks that
 * read its values. They run only on releases of that chart (by chart name, or the last segment
 * of a chartRef'd OCIRepository's URL); any other chart gets schema and reference checks only.
 */
export interface ChartChecks {
  readonly chart: string;
  readonly profiles: readonly ChartProfile[];
  /** Fix hints for values keys the chart ignores, by values path. */
  readonly keyHints: Readonly<Record<string, string>>;
  readonly checks: readonly ReleaseCheck[];
  /**
   * Checks that judge from the values what the workload checks see in Helm's render (Pod
   * Security, selectors, PDB drains, the alert job): they run only on a release not rendered.
   */
  readonly valuesOnly?: readonly ReleaseCheck[];
  /**
   * Checks that read only values every version of the chart treats alike (service.clusterIP): they
   * also run on a release of a version without a profile, on its values as written. @default none
   */
  readonly anyVersion?: readonly AnyVersionCheck[];
}

const COREDNS: ChartChecks = {
  chart: 'coredns',
  // Every catalogued version's profile: the versions the generator offers are the versions checked.
  profiles: COREDNS_CHART_PROFILES,
  keyHints: {
    serviceMonitor: 'the chart has no serviceMonitor key; use prometheus.monitor.enabled: true (with prometheus.service.enabled: true)',
    'livenessProbe.httpGet': 'the chart hard-codes /health on 8080; set only enabled, initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold, successThreshold',
    'readinessProbe.httpGet': 'the chart hard-codes /ready on 8181; set only enabled, initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold, successThreshold',
  },
  checks: [checkValuesKeys, checkPdbFields, checkReplicasAndPdb, checkPodSecurity, checkNetBindService, checkSpreadSelectsPods, checkClusterIpInCidr, checkCoreDnsAlertJobs],
  valuesOnly: [checkPodSecurity, checkNetBindService, checkSpreadSelectsPods, checkCoreDnsAlertJobs],
  anyVersion: [checkClusterIpInCidr],
};

const CHART_CHECKS: ChartChecks[] = [COREDNS];

/** Adds the checks of another service's chart (registerService does, for a service that brings some). */
export function registerChartChecks(checks: ChartChecks): void {
  if (CHART_CHECKS.some((entry) => entry.chart === checks.chart)) throw new Error(`checks for chart "${checks.chart}" are already registered`);
  CHART_CHECKS.push(checks);
}

/** The registered checks of a chart, if the validator knows it. */
export function chartChecksFor(chart: string): ChartChecks | undefined {
  return CHART_CHECKS.find((entry) => entry.chart === chart);
}
