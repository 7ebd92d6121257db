import { OutputBudget } from './output-budget.js';
import { DEFAULT_OPS, parseTemplate, type Reference, type TemplateNode } from './parse-template.js';
import { byteLength, changeCase, replace, substring, trim } from './string-operations.js';
import { SubstitutionError } from './substitution-error.js';

/**
 * Expands `text` like Flux's post-build substitution (fluxcd/pkg envsubst in strict mode, the
 * default since Flux 2.9): every form envsubst accepts, with its exact results. Throws
 * SubstitutionError for what fails the reconcile: a reference to an undefined variable without
 * a default (`.variable` names it), text envsubst cannot parse, or output past the size limit.
 */
export function expandVariables(text: string, vars: ReadonlyMap<string, string>): string {
  const budget = new OutputBudget(Buffer.byteLength(text));
  return evaluateAll(parseTemplate(text), vars, budget);
}

function evaluateAll(nodes: TemplateNode[], vars: ReadonlyMap<string, string>, budget: OutputBudget): string {
  return budget.join(nodes.map((node) => (node.kind === 'text' ? node.text : evaluate(node, vars, budget))));
}

function evaluate(ref: Reference, vars: ReadonlyMap<string, string>, budget: OutputBudget): string {
  // envsubst evaluates the arguments first: `${SET:-${UNSET}}` fails even though SET is set.
  const args = ref.args.map((arg) => evaluateAll([arg], vars, budget));
  const value = vars.get(ref.name);
  if (value === undefined && !DEFAULT_OPS.has(ref.op)) {
    throw new SubstitutionError(`variable \${${ref.name}} is not defined and has no default (in ${ref.source})`, ref.name);
  }
  const result = apply(ref, value ?? '', args, budget);
  budget.check(Buffer.byteLength(result));
  return result;
}

function apply(ref: Reference, value: string, args: string[], budget: OutputBudget): string {
  switch (ref.op) {
    case '^':
    case '^^':
    case ',':
    case ',,':
      return changeCase(value, ref.op[0] === '^', ref.op.length === 2);
    case '#':
      return args.length === 0 ? byteLength(value) : trim(value, ref.op, args[0]!, ref.source);
    case '##':
    case '%':
    case '%%':
      return trim(value, ref.op, args[0]!, ref.source);
    case ':':
      return substring(value, ref.source, args[0]!, args[1]);
    case '/':
    case '//':
    case '/#':
    case '/%':
      return replace(value, ref.op, args, budget);
    default:
      // '', the default ops, and casing mixes like `^,` that envsubst treats as plain `${V}`:
      // the value, or all the default text when the value is empty.
      return value === '' && args.length > 0 ? budget.join(args) : value;
  }
}
