import { z } from 'zod';
import { ALERT_PRESETS, type AlertPreset, findPreset, presetRunbook } from '../alerts/alert-catalogue.js';
import { checkPromql, fluxSubstitutionIssue } from '../../../alerts/index.js';
import type { CustomRuleAnswers } from './coredns-config.js';
import { SEVERITIES, type Severity, fieldChecks } from '../../../model/field-checks.js';
import { DUPLICATE_ALERT_NAME } from '../../../model/input-codes.js';
import { type IssueCollector, quote } from '../../../model/input-error.js';
import { K8S_LABEL_VALUE } from '../../../model/k8s-names.js';

// The alerts part of the CoreDNS answers: the four default alerts' tuning and custom or
// catalogue rules, checked (PromQL parsed) and stored.

/** The chart's metrics Service is `<fullname>-metrics`; the release is named `coredns`. */
export const DEFAULT_METRICS_JOB = 'coredns-metrics';

/** The duration and severity of one default alert, each defaulting to `defaults`. */
const alertToggle = (defaults: { readonly for: string; readonly severity: Severity }) =>
  z.strictObject({
    for: z.string().default(defaults.for),
    severity: z.string().default(defaults.severity),
  });

/** A custom alert rule (added by `platform:alert` or written into the answers). */
export const customRuleInput = z.strictObject({
  alert: z.string().optional(),
  expr: z.string().optional(),
  for: z.string().optional(),
  severity: z.string().optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  runbookUrl: z.string().optional(),
  group: z.string().optional(),
  preset: z.string().optional(),
});

/** The four default alerts' tuning; the schema fills every default. */
export const alertsInput = z.strictObject({
  job: z.string().default(DEFAULT_METRICS_JOB),
  absent: alertToggle({ for: '5m', severity: 'critical' }).prefault({}),
  down: alertToggle({ for: '5m', severity: 'critical' }).prefault({}),
  errorRatio: alertToggle({ for: '10m', severity: 'warning' })
    .extend({ threshold: z.number().default(0.05) })
    .prefault({}),
  latency: alertToggle({ for: '10m', severity: 'warning' })
    .extend({ p99Seconds: z.number().default(1) })
    .prefault({}),
  rules: z.array(customRuleInput).default(() => []),
});

export interface AlertSettings {
  readonly for: string;
  readonly severity: Severity;
}

export interface CustomRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly severity: Severity;
  readonly summary?: string;
  readonly description?: string;
  readonly runbookUrl?: string;
  /** The rule group; `coredns` (the default group) or a group of its own. */
  readonly group: string;
  /** The catalogue preset this rule came from, if any. */
  readonly preset?: string;
}

export interface AlertsConfig {
  /** Prometheus `job` label of the CoreDNS targets. @default "coredns-metrics" (the chart's metrics Service) */
  readonly job: string;
  readonly absent: AlertSettings;
  readonly down: AlertSettings;
  readonly errorRatio: AlertSettings & { readonly threshold: number };
  readonly latency: AlertSettings & { readonly p99Seconds: number };
  readonly rules: readonly CustomRule[];
}

export const DEFAULT_ALERT_GROUP = 'coredns';

/** The story's four alerts, always rendered in the coredns group. */
export const DEFAULT_ALERT_NAMES = ['CoreDNSAbsent', 'CoreDNSDown', 'CoreDNSHighErrorRate', 'CoreDNSLatencyHigh'] as const;

/** Checks the alerts answers (defaults already filled by {@link alertsInput}). */
export function resolveAlerts(input: z.output<typeof alertsInput>, issues: IssueCollector): AlertsConfig {
  const job = input.job;
  if (!K8S_LABEL_VALUE.test(job) || job.length === 0) {
    issues.add('alert-job-invalid', 'alerts.job', `${quote(job)} is not a job label this chart's scrape can produce`, 'use the name of the Service Prometheus scrapes, e.g. coredns-metrics');
  }
  const settings = <K extends 'absent' | 'down' | 'errorRatio' | 'latency'>(key: K) => {
    const tuning = input[key] as z.output<typeof alertsInput>[K] & AlertSettings;
    const durationProblem = fieldChecks.duration(tuning.for);
    if (durationProblem) issues.add('alert-for-invalid', `alerts.${key}.for`, durationProblem, 'use a Prometheus duration such as 5m, 1h or 1h30m');
    const severityProblem = fieldChecks.severity(tuning.severity);
    if (severityProblem) issues.add('alert-severity-invalid', `alerts.${key}.severity`, severityProblem, `use one of ${SEVERITIES.join(', ')}`);
    return tuning;
  };
  const errorRatio = settings('errorRatio');
  if (!(typeof errorRatio.threshold === 'number' && errorRatio.threshold > 0 && errorRatio.threshold < 1)) {
    issues.add('alert-threshold-invalid', 'alerts.errorRatio.threshold', `${errorRatio.threshold} is not a ratio between 0 and 1`, 'use the share of SERVFAIL responses, e.g. 0.05 for 5 %');
  }
  const latency = settings('latency');
  if (!(typeof latency.p99Seconds === 'number' && latency.p99Seconds > 0 && latency.p99Seconds <= 60)) {
    issues.add(
      'alert-latency-invalid',
      'alerts.latency.p99Seconds',
      `${latency.p99Seconds} is not a latency in seconds above 0 and at most 60`,
      'use seconds, e.g. 1 (CoreDNS histogram buckets reach 8 s)',
    );
  }
  const selector = `job=${JSON.stringify(job)},namespace="kube-system"`;
  const rules = input.rules.map((rule, index) => resolveCustomRule(rule, `alerts.rules[${index}]`, selector, issues));
  // Alert names are unique in the PrometheusRule, the four default alerts included.
  const names = new Map<string, string>(DEFAULT_ALERT_NAMES.map((name) => [name, 'the default coredns rules']));
  rules.forEach((rule, index) => {
    if (!rule.alert) return;
    const owner = names.get(rule.alert);
    if (owner) {
      issues.add(DUPLICATE_ALERT_NAME, `alerts.rules[${index}].alert`, `${quote(rule.alert)} is already defined by ${owner}`, 'give the rule another name or remove the duplicate');
    }
    names.set(rule.alert, `alerts.rules[${index}]`);
  });
  return {
    job,
    absent: settings('absent'),
    down: settings('down'),
    errorRatio,
    latency,
    rules,
  };
}

function resolveCustomRule(rule: CustomRuleAnswers, at: string, selector: string, issues: IssueCollector): CustomRule {
  let preset: AlertPreset | undefined;
  if (rule.preset !== undefined) {
    preset = findPreset(rule.preset);
    if (!preset)
      issues.add('alert-preset-unknown', `${at}.preset`, `${quote(rule.preset)} is not a preset`, `use one of ${ALERT_PRESETS.map((p) => p.name).join(', ')} (platform-gitops alert --list)`);
  }
  const alert = rule.alert ?? preset?.alert ?? '';
  const expr = rule.expr ?? preset?.expr(selector) ?? '';
  if (rule.preset === undefined && rule.alert === undefined) issues.add('alert-name-missing', `${at}.alert`, 'is missing', 'name the alert, e.g. CoreDNSPanics, or use a preset');
  const nameProblem = alert ? fieldChecks.alertName(alert) : undefined;
  if (nameProblem) issues.add('alert-name-invalid', `${at}.alert`, nameProblem, 'use letters, digits and "_", starting with a letter, e.g. CoreDNSPanics');
  // An unknown preset is the one problem to report: what it would have supplied is not missing.
  if (rule.preset === undefined || rule.expr !== undefined) {
    if (rule.expr === undefined) issues.add('alert-expr-missing', `${at}.expr`, 'is missing', 'give a PromQL expression');
    else {
      const substitution = fluxSubstitutionIssue(rule.expr);
      if (substitution) issues.add('alert-flux-substitution', `${at}.expr`, substitution.message, substitution.fix);
      for (const error of checkPromql(rule.expr).errors) {
        issues.add(
          'alert-expr-syntax',
          `${at}.expr`,
          `PromQL syntax error: ${error.message}\n      ${error.caret.replace(/\n/g, '\n      ')}`,
          "fix the expression (it is parsed with Prometheus' own grammar)",
        );
      }
    }
  }
  const forValue = rule.for ?? preset?.for;
  if (forValue !== undefined) {
    const problem = fieldChecks.duration(forValue);
    if (problem) issues.add('alert-for-invalid', `${at}.for`, problem, 'use a Prometheus duration such as 5m, 1h or 1h30m');
  }
  const severity = rule.severity ?? preset?.severity ?? 'warning';
  const severityProblem = fieldChecks.severity(severity);
  if (severityProblem) issues.add('alert-severity-invalid', `${at}.severity`, severityProblem, `use one of ${SEVERITIES.join(', ')}`);
  const group = rule.group ?? DEFAULT_ALERT_GROUP;
  const groupProblem = fieldChecks.kubernetesName(group);
  if (groupProblem) issues.add('alert-group-invalid', `${at}.group`, groupProblem, 'use a group name of lowercase letters, digits and "-"');
  for (const field of ['summary', 'description', 'runbookUrl'] as const) {
    const value = rule[field];
    const problem = value === undefined ? undefined : fluxSubstitutionIssue(value);
    if (problem) issues.add('alert-flux-substitution', `${at}.${field}`, problem.message, `${problem.fix}; Prometheus templating such as {{ $labels.pod }} is fine`);
  }
  if (rule.runbookUrl !== undefined && !/^https?:\/\/[^\s"'<>]+$/.test(rule.runbookUrl)) {
    issues.add('alert-runbook-url-invalid', `${at}.runbookUrl`, `${quote(rule.runbookUrl)} is not an http(s) URL`, "give the runbook's address, e.g. https://runbooks.example.com/coredns");
  }
  const summary = rule.summary ?? preset?.summary;
  const description = rule.description ?? preset?.description;
  const runbookUrl = rule.runbookUrl ?? (preset ? presetRunbook(preset) : undefined);
  return {
    alert,
    expr,
    ...(forValue !== undefined ? { for: forValue } : {}),
    severity: severity as Severity,
    ...(summary !== undefined ? { summary } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(runbookUrl !== undefined ? { runbookUrl } : {}),
    group,
    ...(rule.preset !== undefined ? { preset: rule.preset } : {}),
  };
}

/**
 * A preset rule is stored by name, so it follows the job label and catalogue fixes; fields an
 * answers file set to something other than the preset's own are kept with it.
 */
export function storedRule(rule: CustomRule, selector: string): CustomRuleAnswers {
  const preset = rule.preset ? findPreset(rule.preset) : undefined;
  if (!preset) return { ...rule };
  const own: Partial<CustomRule> = preset.build(selector);
  const overrides = Object.fromEntries((Object.keys(rule) as Array<keyof CustomRule>).filter((key) => key !== 'preset' && rule[key] !== own[key]).map((key) => [key, rule[key]]));
  return { preset: rule.preset, ...overrides };
}
