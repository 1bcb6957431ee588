import type { SyntaxNode } from '@lezer/common';
import { parse, parseDuration, walk, type LabelMatcher } from '@plotwatch/promql';

/**
 * A PromQL expression as the proof derivation reads it: enough structure to evaluate it on
 * steady input series and to know which labels its result carries. Anything else is `other`,
 * which no proof is derived through.
 */
/** Where a node is in the expression's text. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

export type Expr = Span &
  (
    | { readonly t: 'num'; readonly v: number }
    | { readonly t: 'str'; readonly v: string }
    | {
        readonly t: 'sel';
        /** The selector as written, which tells apart two leaves of one metric. */
        readonly text: string;
        readonly metric: string | undefined;
        readonly matchers: readonly LabelMatcher[];
        /** Seconds of `x[5m]`. */
        readonly range: number | undefined;
      }
    | { readonly t: 'fn'; readonly name: string; readonly args: readonly Expr[] }
    | {
        readonly t: 'agg';
        readonly op: string;
        readonly grouping: { readonly mode: 'by' | 'without'; readonly labels: readonly string[] } | undefined;
        readonly args: readonly Expr[];
      }
    | {
        readonly t: 'bin';
        readonly op: string;
        readonly bool: boolean;
        readonly on: { readonly mode: 'on' | 'ignoring'; readonly labels: readonly string[] } | undefined;
        readonly group: { readonly side: 'left' | 'right'; readonly labels: readonly string[] } | undefined;
        readonly lhs: Expr;
        readonly rhs: Expr;
      }
    | { readonly t: 'neg'; readonly arg: Expr }
    | { readonly t: 'other'; readonly what: string }
  );

const COMPARISONS = new Set(['>', '<', '>=', '<=', '==', '!=']);
export const isComparison = (op: string) => COMPARISONS.has(op);

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
  return out;
}

function labelsOf(expr: string, node: SyntaxNode | undefined): string[] {
  if (!node) return [];
  return children(node)
    .filter((c) => c.name === 'LabelName' || c.name === 'QuotedLabelName')
    .map((c) => expr.slice(c.from, c.to).replace(/^"|"$/g, ''));
}

/** The expression's structure, from the same parser the rest of plotwatch uses. */
export function structure(expr: string): Expr {
  const { tree } = parse(expr);
  const selectors = walk(expr, tree).selectors;
  // Every node keeps its span; a parenthesised one the parentheses' (its text reads the same on its own).
  // A selector keeps its own span, without its range.
  const convert = (node: SyntaxNode): Expr => ({ from: node.from, to: node.to, ...shape(node) }) as Expr;
  const shape = (node: SyntaxNode): Omit<Expr, 'from' | 'to'> | Expr => {
    const text = expr.slice(node.from, node.to);
    switch (node.name) {
      case 'PromQL':
      case 'ParenExpr':
        return shape(children(node).find((c) => c.name !== '(' && c.name !== ')')!);
      case 'NumberDurationLiteral':
        return { t: 'num', v: Number(text) };
      case 'StringLiteral':
        return { t: 'str', v: JSON.parse(text.startsWith("'") ? `"${text.slice(1, -1)}"` : text) as string };
      case 'VectorSelector':
      case 'MatrixSelector': {
        const found = selectors.find((s) => s.from >= node.from && s.to <= node.to);
        if (!found) return { t: 'other', what: text };
        const range = found.range === undefined ? undefined : parseDuration(found.range);
        if (found.offset || found.at) return { t: 'other', what: `${text} (offset or @)` };
        return {
          t: 'sel',
          text: expr.slice(found.from, found.to).replace(/\[[^\]]*\]$/, ''),
          metric: found.metric,
          matchers: found.matchers,
          range: range === undefined ? undefined : range / 1000,
          from: found.from,
          to: found.to,
        };
      }
      case 'FunctionCall': {
        const name = expr.slice(node.firstChild!.from, node.firstChild!.to);
        const body = node.getChild('FunctionCallBody');
        return { t: 'fn', name, args: body ? children(body).filter(isOperand).map(convert) : [] };
      }
      case 'AggregateExpr': {
        const op = expr.slice(node.firstChild!.from, node.firstChild!.to).toLowerCase();
        const modifier = node.getChild('AggregateModifier');
        const body = node.getChild('FunctionCallBody');
        return {
          t: 'agg',
          op,
          grouping: modifier
            ? {
                mode: modifier.getChild('Without') ? 'without' : 'by',
                labels: labelsOf(expr, modifier.getChild('GroupingLabels') ?? undefined),
              }
            : undefined,
          args: body ? children(body).filter(isOperand).map(convert) : [],
        };
      }
      case 'BinaryExpr': {
        const parts = children(node);
        const lhs = parts[0]!;
        const rhs = parts.at(-1)!;
        const op = expr.slice(parts[1]!.from, parts[1]!.to).toLowerCase();
        const clause = node.getChild('MatchingModifierClause');
        const on = clause?.getChild('On') ? 'on' : clause?.getChild('Ignoring') ? 'ignoring' : undefined;
        const groupings = clause ? clause.getChildren('GroupingLabels') : [];
        const side = clause?.getChild('GroupLeft') ? 'left' : clause?.getChild('GroupRight') ? 'right' : undefined;
        return {
          t: 'bin',
          op,
          bool: !!node.getChild('BoolModifier'),
          on: on ? { mode: on, labels: labelsOf(expr, groupings[0]) } : undefined,
          group: side ? { side, labels: labelsOf(expr, groupings[1]) } : undefined,
          lhs: convert(lhs),
          rhs: convert(rhs),
        };
      }
      case 'UnaryExpr': {
        const arg = convert(children(node).at(-1)!);
        return expr.slice(node.from, node.from + 1) === '-' ? { t: 'neg', arg } : arg;
      }
      default:
        return { t: 'other', what: text };
    }
  };
  return convert(tree.topNode);
}

function isOperand(node: SyntaxNode): boolean {
  return !['(', ')', ','].includes(node.name);
}

/** Every selector of the expression, in text order. */
export function selectorsIn(e: Expr): Array<Extract<Expr, { t: 'sel' }>> {
  switch (e.t) {
    case 'sel':
      return [e];
    case 'fn':
    case 'agg':
      return e.args.flatMap(selectorsIn);
    case 'bin':
      return [...selectorsIn(e.lhs), ...selectorsIn(e.rhs)];
    case 'neg':
      return selectorsIn(e.arg);
    default:
      return [];
  }
}
