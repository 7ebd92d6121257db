import { isDeepStrictEqual } from 'node:util';
import type { BaseOptions } from 'yeoman-generator';
import { PlatformGenerator } from './private/platform-generator.js';
import { checkPromql } from '../alerts/index.js';
import { findPreset, formatCatalogue } from '../services/coredns/index.js';
import { type CoreDnsAnswers, type CoreDnsConfig, type CustomRuleAnswers, DEFAULT_ALERT_NAMES, resolveCoreDnsConfig, toStoredAnswers } from '../services/coredns/index.js';
import { InputError, type InputIssue, quote, DUPLICATE_ALERT_NAME } from '../model/index.js';
import type { PlannedFile } from '../kit/index.js';
import { planAlertAddition } from '../services/coredns/index.js';
import { validateAfterWriting } from './private/post-validate.js';
import { COREDNS_STORE_KEY, requireStoredAnswers } from './private/stored-answers.js';
import type { OptionValues } from '../options/index.js';
import { ALERT_OPTIONS, tablePrompts } from './options/index.js';
import { definedOnly } from '../private/defined-only.js';

/** Options of `yo platform:alert` / `platform-gitops alert` (see ALERT_OPTIONS). */
export type AlertGeneratorOptions = BaseOptions & OptionValues<typeof ALERT_OPTIONS>;

/** The option that sets each rule field, for error messages. */
const OPTION_FOR_FIELD: Record<string, string> = {
  alert: '--name',
  expr: '--expr',
  for: '--for',
  severity: '--severity',
  summary: '--summary',
  description: '--description',
  runbookUrl: '--runbook-url',
  group: '--group',
  preset: '--preset',
};

/** `platform:alert`: adds a catalogue or custom alert to the PrometheusRule platform:coredns wrote. */
export default class AlertGenerator extends PlatformGenerator<AlertGeneratorOptions> {
  private answers: CoreDnsAnswers = { clusters: [] };
  private rule: CustomRuleAnswers = {};
  /** What the stored answers resolve to: the rules the PrometheusRule holds now. */
  private storedConfig: CoreDnsConfig | undefined;
  private config_: CoreDnsConfig | undefined;
  private planned: PlannedFile[] = [];
  private unchanged = false;

  constructor(args: string[], options: AlertGeneratorOptions) {
    super(args, options);
    this._declareOptions(ALERT_OPTIONS);
  }

  async prompting(): Promise<void> {
    if (this.options.list) {
      // The listing is the command's output: stdout (Yeoman's log is stderr), so it can be piped.
      process.stdout.write(`${formatCatalogue()}\n`);
      return;
    }
    ({ answers: this.answers, config: this.storedConfig } = requireStoredAnswers(this._storedAnswers(COREDNS_STORE_KEY), this.options.preset ? '--preset' : '--name', 'add-alert'));
    if (!this.storedConfig.settings.monitoring.enabled) {
      throw new InputError([
        {
          code: 'alert-monitoring-off',
          path: this.options.preset ? '--preset' : '--name',
          message: 'CoreDNS monitoring is off in .yo-rc.json: there is no PrometheusRule to add the alert to',
          fix: 'turn it on first (platform-gitops coredns --monitoring on), then add the alert',
        },
      ]);
    }
    const o = this.options;
    this._rejectPresetOverrides();
    let preset = o.preset;
    let custom: Partial<Record<'name' | 'expr' | 'for' | 'severity' | 'summary' | 'description', string>> = {};
    if (preset === undefined && o.name === undefined) {
      if (!this._isInteractive()) {
        throw new InputError([{ code: 'option-required', path: '--preset', message: 'no alert given', fix: 'pass --preset NAME (see --list), or --name with --expr for a custom alert' }]);
      }
      // In two steps: the custom alert's prompts only when no preset was chosen.
      const chosen: { preset?: string } = await this.prompt(tablePrompts(ALERT_OPTIONS, o, { only: ['preset'] }));
      preset = chosen.preset || undefined;
      if (!preset) custom = await this.prompt(tablePrompts(ALERT_OPTIONS, o, { only: ['name', 'expr', 'for', 'severity', 'summary', 'description'] }));
    }
    const pick = (key: keyof typeof custom, option: string | undefined) => option ?? (custom[key] ? custom[key] : undefined);
    this.rule =
      preset !== undefined
        ? { preset, ...(o.group !== undefined ? { group: o.group } : {}) }
        : definedOnly({
            alert: pick('name', o.name),
            expr: pick('expr', o.expr),
            for: pick('for', o.for),
            severity: pick('severity', o.severity),
            summary: pick('summary', o.summary),
            description: pick('description', o.description),
            runbookUrl: o.runbookUrl,
            group: o.group,
          });
  }

  configuring(): void {
    if (this.options.list) return;
    const existing = this.answers.alerts?.rules ?? [];
    // The new rule on its own first: its problems, named after the options that set them.
    const alone = this._resolveWith([this.rule], 0);
    const added = alone.alerts.rules[0]!;
    if (this.storedConfig!.alerts.rules.some((rule) => isDeepStrictEqual(rule, added))) {
      // The same alert added again (compared as resolved: defaults filled in) changes nothing.
      this.unchanged = true;
      this.log.info(`${added.alert} is already in prometheusrule.yaml with this content; nothing to do.`);
      return;
    }
    // Then with the rules already there: a name clash is the only new problem it can show.
    const config = this._resolveWith([...existing, this.rule], existing.length);
    for (const warning of checkPromql(added.expr).warnings) this.log.writeln(`   warning --expr: ${warning.message}`);
    this.config_ = config;
    this.planned = planAlertAddition(config, this._treeReader()).files;
  }

  async writing(): Promise<void> {
    if (this.options.list || this.unchanged) return;
    await this._writePlan(this.planned, { key: COREDNS_STORE_KEY, answers: toStoredAnswers(this.config_!) }, { showIdentical: false });
  }

  async end(): Promise<void> {
    this._releaseLock();
    if (!this.options.list && !this.unchanged && !this.options.dryRun) this.validationErrors += await validateAfterWriting(this.log, this.destinationRoot(), this.options.skipValidate);
  }

  // Methods starting with "_" are not run by Yeoman as tasks.

  /** The stored answers with `rules` as alerts.rules; problems of rules[index] name their option. */
  private _resolveWith(rules: CustomRuleAnswers[], index: number): CoreDnsConfig {
    const prefix = `alerts.rules[${index}].`;
    try {
      return resolveCoreDnsConfig({ ...this.answers, alerts: { ...this.answers.alerts, rules } });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError(error.issues.map((issue) => (issue.path.startsWith(prefix) ? this._forOption(issue, issue.path.slice(prefix.length)) : issue)));
    }
  }

  /**
   * A preset is stored by name only (so it follows the job label and catalogue fixes); options
   * that would change it are refused rather than silently dropped.
   */
  private _rejectPresetOverrides(): void {
    if (this.options.preset === undefined) return;
    const given = (['name', 'expr', 'for', 'severity', 'summary', 'description', 'runbookUrl'] as const).filter((key) => this.options[key] !== undefined);
    if (given.length === 0) return;
    throw new InputError(
      given.map((key) => ({
        code: 'preset-option-conflict',
        path: key === 'runbookUrl' ? '--runbook-url' : `--${key}`,
        message: `cannot be combined with --preset (a preset is added as catalogued; only --group applies)`,
        fix: `drop --${key === 'runbookUrl' ? 'runbook-url' : key} to add preset ${this.options.preset}, or leave out --preset and give a custom alert with --name and --expr`,
      })),
    );
  }

  /** A model issue about the new rule, named after the option that set the field. */
  private _forOption(issue: InputIssue, field: string): InputIssue {
    const path = this.rule.preset !== undefined && field === 'alert' ? '--preset' : (OPTION_FOR_FIELD[field] ?? field);
    if (issue.code !== DUPLICATE_ALERT_NAME) return { ...issue, path };
    const name = this.rule.alert ?? findPreset(this.rule.preset ?? '')?.alert ?? '';
    return (DEFAULT_ALERT_NAMES as readonly string[]).includes(name)
      ? { code: issue.code, path, message: `${quote(name)} is one of the default coredns alerts`, fix: 'tune it with the alerts.* answers of platform:coredns, or pick another name' }
      : { code: issue.code, path, message: `${quote(name)} is already defined, with a different rule`, fix: 'pick another name, or change that rule in .yo-rc.json' };
  }
}
