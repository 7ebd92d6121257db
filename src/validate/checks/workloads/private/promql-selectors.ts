import { parser } from '@prometheus-io/lezer-promql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/** One label matcher of a selector: `job="x"` is { label: 'job', op: '=', value: 'x' }. */
export interface LabelMatcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** A vector selector: the metric it names (if it names one) and its label matchers. */
export interface VectorSelector {
  readonly metric?: string;
  readonly matchers: readonly LabelMatcher[];
}

const OPS: Readonly<Record<string, LabelMatcher['op']>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/** The value of a PromQL string literal ("…", '…' or `…`). */
function stringValue(expr: string, node: SyntaxNode | null): string | undefined {
  if (!node) return undefined;
  const text = expr.slice(node.from, node.to);
  if (text.length < 2) return undefined;
  const body = text.slice(1, -1);
  return text.startsWith('`') ? body : body.replace(/\\(.)/g, '$1');
}

function matcherOf(expr: string, node: SyntaxNode): LabelMatcher | undefined {
  const name = node.getChild('LabelName');
  const quoted = node.getChild('QuotedLabelName');
  const label = name ? expr.slice(name.from, name.to) : stringValue(expr, quoted?.getChild('StringLiteral') ?? null);
  const op = OPS[node.getChild('MatchOp')?.firstChild?.name ?? ''];
  const value = stringValue(expr, node.getChildren('StringLiteral').at(-1) ?? null);
  return label !== undefined && op && value !== undefined ? { label, op, value } : undefined;
}

/**
 * The vector selectors of an expression, parsed with Prometheus' own grammar; none when the
 * expression does not parse (promql-syntax reports that).
 */
export function vectorSelectors(expr: string): VectorSelector[] {
  const tree = parser.parse(expr);
  let broken = false;
  const selectors: VectorSelector[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) broken = true;
      if (ref.name !== 'VectorSelector') return undefined;
      const node = ref.node;
      const identifier = node.getChild('Identifier');
      const matchersNode = node.getChild('LabelMatchers');
      const matchers: LabelMatcher[] = [];
      let metric = identifier ? expr.slice(identifier.from, identifier.to) : undefined;
      for (const child of [...(matchersNode?.getChildren('UnquotedLabelMatcher') ?? []), ...(matchersNode?.getChildren('QuotedLabelMatcher') ?? [])]) {
        const matcher = matcherOf(expr, child);
        if (!matcher) continue;
        if (matcher.label === '__name__' && matcher.op === '=') metric = matcher.value;
        else matchers.push(matcher);
      }
      // `{"name"}`: Prometheus 3's quoted metric name.
      const quotedName = matchersNode?.getChild('QuotedLabelName');
      if (!metric && quotedName) metric = stringValue(expr, quotedName.getChild('StringLiteral'));
      selectors.push({ ...(metric ? { metric } : {}), matchers });
      return false;
    },
  });
  return broken ? [] : selectors;
}
