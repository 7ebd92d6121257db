import type { OptionTable } from '../../options/index.js';

/** Registers every option of `table` with a Yeoman generator. */
export function registerOptions(generator: { option(name: string, config: object): unknown }, table: OptionTable): void {
  for (const [name, spec] of Object.entries(table)) {
    generator.option(name, {
      type: spec.type === 'boolean' ? Boolean : String,
      description: spec.description,
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    });
  }
}
