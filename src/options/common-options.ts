import type { OptionTable } from './option-table.js';

/** Options every writing command takes. */
export const COMMON_OPTIONS = {
  interactive: { type: 'boolean', description: 'Ask (prompts, hand-edited files); --no-interactive never asks (default: on in a terminal)' },
  force: { type: 'boolean', description: 'Overwrite files the generator owns even if edited by hand' },
  'dry-run': { type: 'boolean', description: 'Print the unified diff of what would change and write nothing' },
  'skip-validate': { type: 'boolean', default: false, description: 'Do not run platform-gitops validate after writing' },
} as const satisfies OptionTable;
