import { parser } from '@prometheus-io/lezer-promql';
import { REMOVED_METRICS, isExportedMetric } from './private/coredns-metrics.js';

/** A syntax error, with where it is. */
export interface PromqlError {
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
  readonly errors: readonly PromqlError[];
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
    return { errors: [{ message: 'the expression is empty', line: 1, column: 1, caret: '^' }], warnings: [], metrics };
  }
  const tree = parser.parse(expr);
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        if (errors.length === 0) errors.push(locate(expr, node.from, node.from === expr.length ? 'unexpected end of expression' : `unexpected "${expr.slice(node.from, Math.max(node.to, node.from + 1))}"`));
        return false;
      }
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        metrics.push(expr.slice(node.from, node.to));
      }
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

function locate(expr: string, offset: number, message: string): PromqlError {
  const before = expr.slice(0, offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = offset - lineStart + 1;
  const lineText = expr.slice(lineStart).split('\n')[0]!;
  return { message: `${message} at line ${line}, column ${column}`, line, column, caret: `${lineText}\n${' '.repeat(column - 1)}^` };
}
