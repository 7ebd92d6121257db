import { ALERT_PRESETS } from '../../services/coredns/index.js';
import { checkPromql } from '../../alerts/index.js';
import { DEFAULT_ALERT_GROUP } from '../../services/coredns/index.js';
import { SEVERITIES, fieldChecks } from '../../model/index.js';
import { COMMON_OPTIONS, type PromptedTable } from '../../options/index.js';

/** `platform:alert` / `platform-gitops alert`: every prompt has one of these. */
export const ALERT_OPTIONS = {
  preset: {
    type: 'string',
    description: `Catalogue alert to add: ${ALERT_PRESETS.map((p) => p.name).join(', ')}`,
    // The empty value is the custom alert: its prompts (the entries below) follow.
    prompt: { type: 'select', message: 'Alert to add', choices: [...ALERT_PRESETS.map((p) => ({ name: `${p.name}: ${p.watches}`, value: p.name })), { name: 'custom: my own PromQL', value: '' }] },
  },
  list: { type: 'boolean', description: 'Print the catalogue with what each alert watches, and exit' },
  name: {
    type: 'string',
    description: 'Custom alert name, e.g. CoreDNSCacheMissesHigh',
    prompt: { type: 'input', message: 'Alert name', check: (value) => fieldChecks.alertName(value) },
  },
  expr: {
    type: 'string',
    description: 'Custom alert PromQL expression',
    prompt: { type: 'input', message: 'PromQL expression', check: (value) => checkPromql(value).errors.map((e) => `${e.message}\n${e.caret}`)[0] },
  },
  for: { type: 'string', description: 'How long the condition must hold, e.g. 10m', prompt: { type: 'input', message: 'For (duration, empty for none)' } },
  severity: {
    type: 'string',
    description: `One of ${SEVERITIES.join(', ')} (default warning)`,
    prompt: { type: 'select', message: 'Severity', choices: SEVERITIES, default: 'warning' },
  },
  summary: { type: 'string', description: 'Summary annotation', prompt: { type: 'input', message: 'Summary' } },
  description: { type: 'string', description: 'Description annotation (Prometheus templating such as {{ $labels.pod }} allowed)', prompt: { type: 'input', message: 'Description' } },
  'runbook-url': { type: 'string', description: 'runbook_url annotation' },
  group: { type: 'string', description: `Rule group (default ${DEFAULT_ALERT_GROUP})` },
  ...COMMON_OPTIONS,
  interactive: { type: 'boolean', description: 'Prompt for what is missing; --no-interactive makes a run without --preset or --name an error (default: on in a terminal)' },
  force: { type: 'boolean', description: 'Overwrite a hand-edited prometheusrule.yaml' },
} as const satisfies PromptedTable;
