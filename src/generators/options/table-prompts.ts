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
    const choices = prompt.choices?.map((choice) => (typeof choice === 'string' ? { name: choice, value: choice } : choice));
    // A select checks each choice against the answers so far: a refused one is offered disabled,
    // its reason beside it, and the default moves to the first choice the check accepts.
    const refused = (value: string, answers: GivenValues | undefined): string | undefined => (prompt.type === 'select' ? check?.(value, given(answers)) : undefined);
    const usable = (value: string | boolean | undefined, answers: GivenValues | undefined): string | boolean | undefined =>
      typeof value === 'string' && refused(value, answers) !== undefined ? choices?.find((choice) => refused(choice.value, answers) === undefined)?.value : value;
    questions.push({
      type: prompt.type,
      name,
      message: `${run.messagePrefix ?? ''}${prompt.message}`,
      when: options[name] === undefined,
      ...(choices
        ? {
            choices: check
              ? (answers: GivenValues) =>
                  choices.map((choice) => {
                    const reason = refused(choice.value, answers);
                    return reason === undefined ? choice : { ...choice, disabled: `- ${reason}` };
                  })
              : choices,
          }
        : {}),
      // Left out when there is none: yeoman-test tells a missing answer from a defaulted one.
      ...(typeof fallback === 'function'
        ? { default: (answers: GivenValues) => usable(fallback(given(answers)), answers) }
        : fallback !== undefined
          ? { default: check && prompt.type === 'select' ? (answers: GivenValues) => usable(fallback, answers) : fallback }
          : {}),
      ...(check || more ? { validate: (value: unknown, answers?: GivenValues) => check?.(String(value), given(answers)) ?? more?.(String(value)) ?? true } : {}),
    } as PromptQuestion);
  }
  return questions;
}

/** The options a table marks required (no terminal, no default), each as [key, --flag, how to pass it]. */
export function requiredOptions<T extends PromptedTable>(table: T): (readonly [keyof OptionValues<T>, string, string])[] {
  return Object.entries(table).flatMap(([flag, spec]) => (spec.prompt?.required ? [[camelCase(flag) as keyof OptionValues<T>, `--${flag}`, spec.prompt.required] as const] : []));
}
