import type { SyntaxNode } from '@lezer/common';
import {
  Identifier,
  LabelMatchers,
  LabelName,
  MatchOp,
  QuotedLabelMatcher,
  QuotedLabelName,
  StringLiteral,
  UnquotedLabelMatcher,
} from '@prometheus-io/lezer-promql';
import {
  childOf,
  childrenOfType,
  labelNameOf,
  matchOperatorOf,
  stringValue,
  textOf,
  type MatchOperator,
} from './syntax-node.ts';

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOperator;
  readonly value: string;
  readonly from: number;
  readonly to: number;
}

export interface SelectorParts {
  /** Written as `name{…}` or, in Prometheus 3, as a bare quoted name `{"name", …}`. */
  readonly metricName: string | undefined;
  readonly matchers: readonly LabelMatcher[];
}

function matcherOf(expr: string, node: SyntaxNode): LabelMatcher | undefined {
  const name = childOf(node, node.type.id === UnquotedLabelMatcher ? LabelName : QuotedLabelName);
  const matchOp = childOf(node, MatchOp);
  const value = childOf(node, StringLiteral);
  if (!name || !matchOp || !value) return undefined;
  return {
    label: labelNameOf(expr, name),
    op: matchOperatorOf(matchOp),
    value: stringValue(expr, value),
    from: node.from,
    to: node.to,
  };
}

/** The metric name and label matchers of a `VectorSelector` node. */
export function selectorParts(expr: string, selector: SyntaxNode): SelectorParts {
  const identifier = childOf(selector, Identifier);
  const list = childOf(selector, LabelMatchers);
  const matcherNodes = list
    ? childrenOfType(list, UnquotedLabelMatcher).concat(childrenOfType(list, QuotedLabelMatcher))
    : [];
  const bareName = list ? childOf(list, QuotedLabelName) : null;
  return {
    metricName: identifier ? textOf(expr, identifier) : bareName ? labelNameOf(expr, bareName) : undefined,
    matchers: matcherNodes
      .sort((a, b) => a.from - b.from)
      .map((node) => matcherOf(expr, node))
      .filter((matcher) => matcher !== undefined),
  };
}
