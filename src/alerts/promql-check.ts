import { parser } from '@prometheus-io/lezer-promql';
import { QUOTE_LIMIT, quote } from '../model/input-error.js';
import { REMOVED_METRICS, isExportedMetric } from './private/coredns-metrics.js';

/** A node of lezer's syntax tree (the type @lezer/lr's trees are made of). */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** A syntax error, with where it is. */
export interface PromqlError {
  /** What is wrong, ending with "at line L, column C". */
  readonly message: string;
  /** 1-based line and column of the error. */
  readonly line: number;
  readonly column: number;
  /** The offending line with a caret under the error. */
  readonly caret: string;
}

/** A metric CoreDNS does not export: the rule can never fire on it. */
export interface PromqlWarning {
  readonly message: string;
  readonly metric: string;
  /** What to use instead, when CoreDNS renamed it. */
  readonly replacement?: string;
}

export interface PromqlCheck {
  /** Syntax errors; only the first is reported (the parser's recovery makes later ones noise). */
  readonly errors: readonly PromqlError[];
  /** `coredns_*` metrics CoreDNS 1.11+ does not export (removed ones name their replacement). */
  readonly warnings: readonly PromqlWarning[];
  /** Metric names the expression selects, in order of appearance. */
  readonly metrics: readonly string[];
}

/**
 * Parses an alert expression with Prometheus' own grammar (@prometheus-io/lezer-promql) and
 * reports syntax errors with their position, and CoreDNS metrics that do not exist.
 */
export function checkPromql(expr: string): PromqlCheck {
  const errors: PromqlError[] = [];
  const metrics: string[] = [];
  if (expr.trim().length === 0) {
    return { errors: [{ message: 'the expression is empty at line 1, column 1', line: 1, column: 1, caret: `${expr.split('\n', 1)[0]!.slice(0, QUOTE_LIMIT)}\n^` }], warnings: [], metrics };
  }
  const tree = parser.parse(expr);
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        if (errors.length === 0) errors.push(locate(expr, node.from, describeError(expr, node.from, node.to)));
        return false;
      }
      const metric = metricName(expr, node.node);
      if (metric !== undefined) metrics.push(metric);
      return undefined;
    },
  });
  const warnings: PromqlWarning[] = [];
  for (const metric of new Set(metrics)) {
    if (!metric.startsWith('coredns_') || isExportedMetric(metric)) continue;
    const replacement = REMOVED_METRICS.get(metric);
    warnings.push(
      replacement
        ? { metric, replacement, message: `${metric} was removed in CoreDNS 1.11 (the rule can never fire); use ${replacement}` }
        : { metric, message: `${metric} is not a metric CoreDNS 1.11 to 1.13 exports; check the name` },
    );
  }
  return { errors, warnings, metrics };
}

/**
 * The metric a node names, if it names one: `name{…}` (Identifier in a VectorSelector),
 * `{"name"}` (Prometheus 3 quoted name) or `{__name__="name"}`.
 */
function metricName(expr: string, node: SyntaxNode): string | undefined {
  const parent = node.parent?.name;
  if (node.name === 'Identifier' && parent === 'VectorSelector') return expr.slice(node.from, node.to);
  if (node.name === 'QuotedLabelName' && parent === 'LabelMatchers') return stringValue(expr, node.getChild('StringLiteral'));
  if (node.name === 'UnquotedLabelMatcher' || node.name === 'QuotedLabelMatcher') {
    const label = node.getChild('LabelName') ?? node.getChild('QuotedLabelName');
    if (!label) return undefined;
    const labelText = label.name === 'LabelName' ? expr.slice(label.from, label.to) : stringValue(expr, label.getChild('StringLiteral'));
    const op = node.getChild('MatchOp')?.firstChild?.name;
    const values = node.getChildren('StringLiteral');
    if (labelText === '__name__' && op === 'EqlSingle') return stringValue(expr, values.at(-1) ?? null);
  }
  return undefined;
}

/** The value of a PromQL string literal ("…", '…' or `…`), undefined when it is not one. */
function stringValue(expr: string, node: SyntaxNode | null): string | undefined {
  if (!node) return undefined;
  const text = expr.slice(node.from, node.to);
  if (text.length < 2) return undefined;
  const body = text.slice(1, -1);
  if (text.startsWith('`')) return body;
  return body.replace(/\\(.)/g, '$1');
}

function describeError(expr: string, from: number, to: number): string {
  if (from >= expr.length) return 'unexpected end of expression (something is missing, e.g. a closing bracket or an operand)';
  const token = expr.slice(from, Math.max(to, from + 1));
  // `name(` where name is not a function: the grammar reads name as a metric and stops at "(".
  // The text just before the error only: an end-anchored regex over a huge prefix is quadratic.
  const before = /([A-Za-z_:][A-Za-z0-9_:]*)\s*$/.exec(expr.slice(Math.max(0, from - 200), from));
  if (token.startsWith('(') && before && !/^(by|without|on|ignoring|group_left|group_right|bool|offset)$/.test(before[1]!)) {
    return `${quote(before[1]!)} is not a PromQL function or aggregation`;
  }
  return `unexpected ${quote(token)}`;
}

function locate(expr: string, offset: number, message: string): PromqlError {
  const before = expr.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = offset - lineStart + 1;
  const lineEnd = expr.indexOf('\n', lineStart);
  const lineText = expr.slice(lineStart, lineEnd < 0 ? expr.length : lineEnd);
  // A long line shows only the stretch around the error, marked with … where it is cut.
  const start = Math.max(0, column - 1 - QUOTE_LIMIT / 2);
  const head = start > 0 ? '…' : '';
  const shown = `${head}${lineText.slice(start, start + QUOTE_LIMIT)}${start + QUOTE_LIMIT < lineText.length ? '…' : ''}`;
  return { message: `${message} at line ${line}, column ${column}`, line, column, caret: `${shown}\n${' '.repeat(head.length + column - 1 - start)}^` };
}
