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
import { labelNameOf, matchOperatorOf, stringValue, textOf, type MatchOperator } from './syntax-node.ts';

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
  const name = node.getChild(node.type.id === UnquotedLabelMatcher ? LabelName : QuotedLabelName);
  const matchOp = node.getChild(MatchOp);
  const value = node.getChild(StringLiteral);
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
  const identifier = selector.getChild(Identifier);
  const list = selector.getChild(LabelMatchers);
  const matcherNodes = list ? list.getChildren(UnquotedLabelMatcher).concat(list.getChildren(QuotedLabelMatcher)) : [];
  const bareName = list?.getChild(QuotedLabelName);
  return {
    metricName: identifier ? textOf(expr, identifier) : bareName ? labelNameOf(expr, bareName) : undefined,
    matchers: matcherNodes
      .sort((a, b) => a.from - b.from)
      .map((node) => matcherOf(expr, node))
      .filter((matcher) => matcher !== undefined),
  };
}
