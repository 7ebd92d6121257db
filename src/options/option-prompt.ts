import type { OptionTable } from './option-table.js';

/** What a prompt sees of the run: the options given, with the answers typed so far over them. */
export type GivenValues = Readonly<Record<string, unknown>>;

/**
 * The prompt part of a table entry: how a generator asks for the option when it was not given.
 * A service's table carries it (src/services/<name>/); only the generators turn it into Yeoman questions.
 */
interface OptionPrompt {
  /** The prompt kind; `select` is Yeoman 8's list prompt. */
  readonly type: 'input' | 'confirm' | 'select';
  /** The question as the terminal shows it. */
  readonly message: string;
  /** The list of a `select` prompt. @default none */
  readonly choices?: readonly (string | { readonly name: string; readonly value: string })[];
  /** What Enter takes; a function reads earlier answers (e.g. the ClusterIP from the CIDR). @default none */
  readonly default?: string | boolean | ((given: GivenValues) => string | undefined);
  /**
   * The field check (from src/model): the message the prompt shows, or undefined when `value` is
   * fine; `given` holds the answers typed before it. A `select` offers a refused choice disabled,
   * with the message as its reason (Inquirer's select has no validate). @default none
   */
  readonly check?: (value: string, given: GivenValues) => string | undefined;
  /** Set when the option has no default: without a terminal it must be given; says how, e.g. "its Service CIDR, e.g. --service-cidr 10.249.0.0/16". @default not required */
  readonly required?: string;
}

/** A generator's option table whose entries may carry their prompt. */
export type PromptedTable = OptionTable & Readonly<Record<string, { readonly prompt?: OptionPrompt }>>;
