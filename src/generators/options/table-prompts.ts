import type { PromptQuestion } from 'yeoman-generator';
import { type OptionValues, camelCase } from '../../options/index.js';
import type { GivenValues, PromptedTable } from '../../options/index.js';

/** What only the run knows: defaults from stored answers, checks against the repository. */
export interface RunPrompts {
  /** Ask only these options' prompts, in table order (a generator that asks in steps). @default every prompt */
  readonly only?: readonly string[];
  /**
   * Defaults that replace the table's, by camelCase option name (a function reads the answers so
   * far). A name present with `undefined` means no default. @default none
   */
  readonly defaults?: Readonly<Record<string, string | boolean | undefined | ((given: GivenValues) => string | undefined)>>;
  /** Put before every message, e.g. the cluster a question is about ("infra: "). @default none */
  readonly messagePrefix?: string;
  /** Checks run after the table's, by camelCase option name: the message, or undefined when fine. @default none */
  readonly checks?: Readonly<Record<string, (value: string) => string | undefined>>;
}

/**
 * Yeoman questions from a table: one per entry with a prompt part, asked only when its option
 * was not given (so an option always wins and a run can be fully non-interactive), named as the
 * option's camelCase key so the answer lands where the option would.
 */
export function tablePrompts(table: PromptedTable, options: GivenValues, run: RunPrompts = {}): PromptQuestion[] {
  const questions: PromptQuestion[] = [];
  for (const [flag, spec] of Object.entries(table)) {
    const prompt = spec.prompt;
    const name = camelCase(flag);
    if (!prompt || (run.only && !run.only.includes(name))) continue;
    const given = (answers: GivenValues | undefined): GivenValues => ({ ...options, ...answers });
    const fallback = run.defaults && name in run.defaults ? run.defaults[name] : prompt.default;
    const check = prompt.check;
    const more = run.checks?.[name];
    questions.push({
      type: prompt.type,
      name,
      message: `${run.messagePrefix ?? ''}${prompt.message}`,
      when: options[name] === undefined,
      ...(prompt.choices ? { choices: [...prompt.choices] } : {}),
      // Left out when there is none: yeoman-test tells a missing answer from a defaulted one.
      ...(typeof fallback === 'function' ? { default: (answers: GivenValues) => fallback(given(answers)) } : fallback !== undefined ? { default: fallback } : {}),
      ...(check || more ? { validate: (value: unknown, answers?: GivenValues) => check?.(String(value), given(answers)) ?? more?.(String(value)) ?? true } : {}),
    } as PromptQuestion);
  }
  return questions;
}

/** The options a table marks required (no terminal, no default), each as [key, --flag, how to pass it]. */
export function requiredOptions<T extends PromptedTable>(table: T): (readonly [keyof OptionValues<T>, string, string])[] {
  return Object.entries(table).flatMap(([flag, spec]) => (spec.prompt?.required ? [[camelCase(flag) as keyof OptionValues<T>, `--${flag}`, spec.prompt.required] as const] : []));
}
