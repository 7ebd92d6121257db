import { isDeepStrictEqual } from 'node:util';
import type { BaseOptions } from 'yeoman-generator';
import { PlatformGenerator } from './private/platform-generator.js';
import { ALERT_PRESETS, checkPromql, findPreset, formatCatalogue } from '../alerts/index.js';
import {
  type CoreDnsAnswers,
  type CoreDnsConfig,
  type CustomRuleAnswers,
  DEFAULT_ALERT_GROUP,
  DEFAULT_ALERT_NAMES,
  InputError,
  type InputIssue,
  SEVERITIES,
  fieldChecks,
  quote,
  resolveCoreDnsConfig,
  toStoredAnswers,
  DUPLICATE_ALERT_NAME,
} from '../model/index.js';
import { type PlannedFile, planCoreDns } from '../render/index.js';
import { checkStoredAnswers } from './private/answers-file.js';
import { MemFsTreeReader } from './private/mem-fs-tree-reader.js';
import { validateAfterWriting } from './private/post-validate.js';
import { COREDNS_STORE_KEY, requireStoredAnswers } from './private/stored-answers.js';
import { writeWithConflicts } from './private/write-with-conflicts.js';
import { COMMON_OPTIONS } from './options/index.js';

/** Options of `yo platform:alert` / `platform-gitops alert`. */
export type AlertGeneratorOptions = BaseOptions & {
  /** Add this catalogue alert (see --list). @default none */
  preset?: string;
  /** Print the catalogue and exit. @default false */
  list?: boolean;
  /** Custom alert name. @default none */
  name?: string;
  /** Custom alert PromQL expression. @default none */
  expr?: string;
  /** How long the condition must hold. @default none (fires at once) */
  for?: string;
  /** critical, warning or info. @default warning */
  severity?: string;
  /** Summary annotation. @default none */
  summary?: string;
  /** Description annotation (Prometheus templating such as {{ $labels.pod }} allowed). @default none */
  description?: string;
  /** runbook_url annotation. @default none */
  runbookUrl?: string;
  /** Rule group. @default coredns */
  group?: string;
  /** Prompt for what is missing. @default true when stdin is a terminal */
  interactive?: boolean;
  /** Overwrite a hand-edited prometheusrule.yaml. @default false */
  force?: boolean;
  /** Skip validating the repository after writing. @default false */
  skipValidate?: boolean;
  /** Print the unified diff of what would change and write nothing. @default false */
  dryRun?: boolean;
};

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
  private config_: CoreDnsConfig | undefined;
  private planned: PlannedFile[] = [];
  private unchanged = false;

  constructor(args: string[], options: AlertGeneratorOptions) {
    super(args, options);
    this.option('preset', { type: String, description: `Catalogue alert to add: ${ALERT_PRESETS.map((p) => p.name).join(', ')}` });
    this.option('list', { type: Boolean, description: 'Print the catalogue with what each alert watches, and exit' });
    this.option('name', { type: String, description: 'Custom alert name, e.g. CoreDNSCacheMissesHigh' });
    this.option('expr', { type: String, description: 'Custom alert PromQL expression' });
    this.option('for', { type: String, description: 'How long the condition must hold, e.g. 10m' });
    this.option('severity', { type: String, description: `One of ${SEVERITIES.join(', ')} (default warning)` });
    this.option('summary', { type: String, description: 'Summary annotation' });
    this.option('description', { type: String, description: 'Description annotation' });
    this.option('runbook-url', { type: String, description: 'runbook_url annotation' });
    this.option('group', { type: String, description: `Rule group (default ${DEFAULT_ALERT_GROUP})` });
    this.option('interactive', { type: Boolean, description: 'Prompt for what is missing (default: on in a terminal)' });
    this.option('force', { type: Boolean, description: 'Overwrite a hand-edited prometheusrule.yaml' });
    this.option('skip-validate', { type: Boolean, description: 'Do not validate the repository after writing' });
    this.option('dry-run', { type: Boolean, description: COMMON_OPTIONS['dry-run'].description });
  }

  initializing(): void {
    // The listing is the command's output: stdout (Yeoman's log is stderr), so it can be piped.
    if (this.options.list) process.stdout.write(`${formatCatalogue()}\n`);
  }

  async prompting(): Promise<void> {
    if (this.options.list) return;
    this.answers = checkStoredAnswers(requireStoredAnswers(this.config.get(COREDNS_STORE_KEY), this.options.preset ? '--preset' : '--name'));
    const o = this.options;
    this._rejectPresetOverrides();
    let preset = o.preset;
    let custom: Partial<Record<'name' | 'expr' | 'for' | 'severity' | 'summary' | 'description', string>> = {};
    if (preset === undefined && o.name === undefined) {
      if (!(o.interactive ?? process.stdin.isTTY === true)) {
        throw new InputError([{ code: 'option-required', path: '--preset', message: 'no alert given', fix: 'pass --preset NAME (see --list), or --name with --expr for a custom alert' }]);
      }
      const chosen = await this.prompt<{ preset: string }>([
        {
          type: 'select',
          name: 'preset',
          message: 'Alert to add',
          choices: [...ALERT_PRESETS.map((p) => ({ name: `${p.name}: ${p.watches}`, value: p.name })), { name: 'custom: my own PromQL', value: '' }],
        },
      ]);
      preset = chosen.preset || undefined;
      if (!preset) {
        custom = await this.prompt([
          { type: 'input', name: 'name', message: 'Alert name', validate: (value: string) => fieldChecks.alertName(value) ?? true },
          { type: 'input', name: 'expr', message: 'PromQL expression', validate: (value: string) => checkPromql(value).errors.map((e) => `${e.message}\n${e.caret}`)[0] ?? true },
          { type: 'input', name: 'for', message: 'For (duration, empty for none)' },
          { type: 'select', name: 'severity', message: 'Severity', choices: [...SEVERITIES], default: 'warning' },
          { type: 'input', name: 'summary', message: 'Summary' },
          { type: 'input', name: 'description', message: 'Description' },
        ]);
      }
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
    if (resolveCoreDnsConfig(this.answers).alerts.rules.some((rule) => isDeepStrictEqual(rule, added))) {
      // The same alert added again (compared as resolved: defaults filled in) changes nothing.
      this.unchanged = true;
      this.log.info(`${added.alert} is already in prometheusrule.yaml with this content; nothing to do.`);
      return;
    }
    // Then with the rules already there: a name clash is the only new problem it can show.
    const config = this._resolveWith([...existing, this.rule], existing.length);
    for (const warning of checkPromql(added.expr).warnings) this.log.writeln(`   warning --expr: ${warning.message}`);
    this.config_ = config;
    this.planned = planCoreDns(config, new MemFsTreeReader(this.fs, this.destinationRoot()), { shared: true, clusters: [] }).files;
  }

  async writing(): Promise<void> {
    if (this.options.list || this.unchanged) return;
    const written = await writeWithConflicts({
      root: this.destinationRoot(),
      planned: this.planned,
      stored: this.config.get(COREDNS_STORE_KEY),
      force: this.options.force === true,
      interactive: this.options.interactive ?? process.stdin.isTTY === true,
      adapter: this.env.adapter,
      log: this.log,
      dryRun: this.options.dryRun === true,
      showIdentical: false,
    });
    if (!written) return;
    const stored = toStoredAnswers(this.config_!);
    if (!isDeepStrictEqual(this.config.get(COREDNS_STORE_KEY), stored)) this.config.set(COREDNS_STORE_KEY, stored);
  }

  end(): void {
    this._releaseLock();
    if (!this.options.list && !this.unchanged && !this.options.dryRun) validateAfterWriting(this.log, this.destinationRoot(), this.options.skipValidate);
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

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
