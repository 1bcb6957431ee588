/**
 * What an expression is made of: its vector selectors, function calls, aggregations, binary
 * operations and subqueries, with positions. Lint checks read this instead of the syntax tree.
 * `offset` and `@` are given to the selector or subquery the Go parser applies them to.
 */
import type { SyntaxNode, SyntaxNodeRef, Tree } from '@lezer/common';
import * as terms from '@prometheus-io/lezer-promql';
import { selectorParts, type LabelMatcher } from './lezer/label-matchers.ts';
import { visitTree, type TreeVisitor } from './lezer/node-checks.ts';
import {
  childOf,
  childrenOf,
  childrenOfType,
  goOperandOf,
  labelNameOf,
  operandOf,
  textOf,
} from './lezer/syntax-node.ts';
import { parse } from './parser.ts';

export type { LabelMatcher } from './lezer/label-matchers.ts';
export type { MatchOperator } from './lezer/syntax-node.ts';

export interface Span {
  readonly from: number;
  readonly to: number;
}

/** The function or aggregation whose argument a selector (through its range, offset, @) or subquery is. */
export interface CallSite {
  readonly kind: 'function' | 'aggregation';
  readonly name: string;
  readonly argumentIndex: number;
}

/** `offset` and `@` as written: `'1h'`, `'-5m'`; `'1609746000'`, `'start()'`, `'end()'`. */
export interface Modifiers {
  readonly offset: string | undefined;
  readonly at: string | undefined;
}

export interface Selector extends Span, Modifiers {
  /** From `name{…}`, a bare quoted name, or a `__name__="…"` matcher. */
  readonly metric: string | undefined;
  readonly matchers: readonly LabelMatcher[];
  /** `'5m'` of `x[5m]`. */
  readonly range: string | undefined;
  readonly argumentOf: CallSite | undefined;
}

export interface FunctionCall extends Span {
  readonly name: string;
  readonly argumentCount: number;
}

export interface Grouping {
  readonly mode: 'by' | 'without';
  readonly labels: readonly string[];
}

export interface Aggregation extends Span {
  /** Lower case: `sum`, `topk`, `count_values`, … */
  readonly op: string;
  readonly grouping: Grouping | undefined;
  /** The text of the first argument of `topk`, `bottomk`, `quantile`, `count_values`. */
  readonly parameter: string | undefined;
}

export interface VectorMatching {
  readonly mode: 'on' | 'ignoring';
  readonly labels: readonly string[];
  /** `group_left(…)` / `group_right(…)`. */
  readonly group: { readonly side: 'left' | 'right'; readonly labels: readonly string[] } | undefined;
}

export interface BinaryOperation extends Span {
  /** Lower case: `+`, `==`, `and`, `atan2`, … */
  readonly op: string;
  readonly bool: boolean;
  readonly matching: VectorMatching | undefined;
}

export interface Subquery extends Span, Modifiers {
  readonly range: string;
  readonly step: string | undefined;
  readonly argumentOf: CallSite | undefined;
}

export interface WalkResult {
  readonly selectors: readonly Selector[];
  readonly functions: readonly FunctionCall[];
  readonly aggregations: readonly Aggregation[];
  readonly binaryOperations: readonly BinaryOperation[];
  readonly subqueries: readonly Subquery[];
}

const PARAMETRIC_AGGREGATIONS = new Set(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);
/** Nodes that pass a selector through to the call it is an argument of. */
const TRANSPARENT = new Set([terms.MatrixSelector, terms.OffsetExpr, terms.StepInvariantExpr, terms.ParenExpr]);

function nodeKey(node: SyntaxNode): string {
  return `${node.type.id}:${node.from}:${node.to}`;
}

function atText(expr: string, node: SyntaxNode): string | undefined {
  const timestamp = childOf(node, terms.NumberDurationLiteral) ?? childOf(node, terms.AtModifierPreprocessors);
  if (!timestamp) return undefined;
  const text = textOf(expr, timestamp);
  return timestamp.type.id === terms.AtModifierPreprocessors ? `${text.toLowerCase()}()` : text;
}

/** The selector or subquery each `offset`/`@` belongs to, keyed by that node. */
function modifiersByTarget(expr: string, modifierNodes: readonly SyntaxNode[]): Map<string, Modifiers> {
  const byTarget = new Map<string, Modifiers>();
  for (const node of modifierNodes) {
    let target = goOperandOf(node);
    while (target && (target.type.id === terms.OffsetExpr || target.type.id === terms.StepInvariantExpr))
      target = goOperandOf(target);
    if (target?.type.id === terms.MatrixSelector) target = operandOf(target);
    if (!target) continue;
    const key = nodeKey(target);
    const known = byTarget.get(key) ?? { offset: undefined, at: undefined };
    const offset = childOf(node, terms.OffsetDurationExpr);
    byTarget.set(
      key,
      node.type.id === terms.OffsetExpr
        ? { ...known, offset: offset ? textOf(expr, offset) : undefined }
        : { ...known, at: atText(expr, node) },
    );
  }
  return byTarget;
}

function callSiteOf(expr: string, node: SyntaxNode): CallSite | undefined {
  let child = node;
  let parent = node.parent;
  while (parent && TRANSPARENT.has(parent.type.id)) {
    child = parent;
    parent = parent.parent;
  }
  const call = parent?.type.id === terms.FunctionCallBody ? parent.parent : null;
  if (!parent || !call) return undefined;
  const argumentIndex = childrenOfType(parent, 'Expr').findIndex(
    (argument) => argument.from === child.from && argument.to === child.to,
  );
  const name =
    call.type.id === terms.AggregateExpr ? childOf(call, terms.AggregateOp) : childOf(call, terms.FunctionIdentifier);
  if (!name) return undefined;
  const kind = call.type.id === terms.AggregateExpr ? 'aggregation' : 'function';
  return { kind, name: kind === 'aggregation' ? textOf(expr, name).toLowerCase() : textOf(expr, name), argumentIndex };
}

function labelsOf(expr: string, groupingLabels: SyntaxNode | null): string[] {
  return groupingLabels ? childrenOf(groupingLabels).map((label) => labelNameOf(expr, label)) : [];
}

function selectorOf(expr: string, node: SyntaxNode, modifiers: Map<string, Modifiers>): Selector {
  const { metricName, matchers } = selectorParts(expr, node);
  const nameMatcher = matchers.find((m) => m.label === '__name__' && m.op === '=');
  const matrix = node.parent?.type.id === terms.MatrixSelector ? node.parent : null;
  const range = matrix ? childOf(matrix, terms.DurationExpr) : null;
  return {
    from: node.from,
    to: node.to,
    metric: metricName ?? nameMatcher?.value,
    matchers,
    range: range ? textOf(expr, range) : undefined,
    offset: modifiers.get(nodeKey(node))?.offset,
    at: modifiers.get(nodeKey(node))?.at,
    argumentOf: callSiteOf(expr, matrix ?? node),
  };
}

function functionCallOf(expr: string, node: SyntaxNode): FunctionCall {
  const name = childOf(node, terms.FunctionIdentifier);
  const body = childOf(node, terms.FunctionCallBody);
  return {
    from: node.from,
    to: node.to,
    name: name ? textOf(expr, name) : '',
    argumentCount: body ? childrenOfType(body, 'Expr').length : 0,
  };
}

function aggregationOf(expr: string, node: SyntaxNode): Aggregation {
  const opNode = childOf(node, terms.AggregateOp);
  const op = opNode ? textOf(expr, opNode).toLowerCase() : '';
  const modifier = childOf(node, terms.AggregateModifier);
  const mode = modifier?.firstChild ? textOf(expr, modifier.firstChild).toLowerCase() : undefined;
  const body = childOf(node, terms.FunctionCallBody);
  const firstArgument = body ? childOf(body, 'Expr') : null;
  return {
    from: node.from,
    to: node.to,
    op,
    grouping:
      mode === 'by' || mode === 'without'
        ? { mode, labels: labelsOf(expr, modifier ? childOf(modifier, terms.GroupingLabels) : null) }
        : undefined,
    parameter: PARAMETRIC_AGGREGATIONS.has(op) && firstArgument ? textOf(expr, firstArgument) : undefined,
  };
}

function vectorMatchingOf(expr: string, clause: SyntaxNode | null): VectorMatching | undefined {
  if (!clause) return undefined;
  const [mode, labels, group, groupLabels] = childrenOf(clause);
  if (!mode) return undefined;
  return {
    mode: mode.type.id === terms.On ? 'on' : 'ignoring',
    labels: labelsOf(expr, labels ?? null),
    group: group
      ? { side: group.type.id === terms.GroupLeft ? 'left' : 'right', labels: labelsOf(expr, groupLabels ?? null) }
      : undefined,
  };
}

function binaryOperationOf(expr: string, node: SyntaxNode): BinaryOperation {
  // Children: left operand, operator, [bool], [on/ignoring …], right operand.
  const operator = childrenOf(node)[1];
  return {
    from: node.from,
    to: node.to,
    op: operator ? textOf(expr, operator).toLowerCase() : '',
    bool: childOf(node, terms.BoolModifier) !== null,
    matching: vectorMatchingOf(expr, childOf(node, terms.MatchingModifierClause)),
  };
}

function subqueryOf(expr: string, node: SyntaxNode, modifiers: Map<string, Modifiers>): Subquery {
  const [range, step] = childrenOfType(node, terms.DurationExpr);
  return {
    from: node.from,
    to: node.to,
    range: range ? textOf(expr, range) : '',
    step: step ? textOf(expr, step) : undefined,
    offset: modifiers.get(nodeKey(node))?.offset,
    at: modifiers.get(nodeKey(node))?.at,
    argumentOf: callSiteOf(expr, node),
  };
}

/** The node types the walk reads: only these become SyntaxNode objects. */
const WALKED: ReadonlySet<number> = new Set([
  terms.OffsetExpr,
  terms.StepInvariantExpr,
  terms.VectorSelector,
  terms.FunctionCall,
  terms.AggregateExpr,
  terms.BinaryExpr,
  terms.SubqueryExpr,
]);

/** The nodes of the walked types, by type, in text order: a pass of one walk of the tree. */
class NodesByType implements TreeVisitor {
  readonly byType = new Map<number, SyntaxNode[]>();

  enter(ref: SyntaxNodeRef): void {
    const type = ref.type.id;
    if (!WALKED.has(type)) return;
    const list = this.byType.get(type);
    if (list) list.push(ref.node);
    else this.byType.set(type, [ref.node]);
  }

  leave(): void {}

  of(type: number): SyntaxNode[] {
    return this.byType.get(type) ?? [];
  }
}

export function walk(expr: string, tree: Tree = parse(expr).tree): WalkResult {
  const nodes = new NodesByType();
  visitTree(tree, [nodes]);
  const modifiers = modifiersByTarget(expr, [...nodes.of(terms.OffsetExpr), ...nodes.of(terms.StepInvariantExpr)]);
  return {
    selectors: nodes.of(terms.VectorSelector).map((node) => selectorOf(expr, node, modifiers)),
    functions: nodes.of(terms.FunctionCall).map((node) => functionCallOf(expr, node)),
    aggregations: nodes.of(terms.AggregateExpr).map((node) => aggregationOf(expr, node)),
    binaryOperations: nodes.of(terms.BinaryExpr).map((node) => binaryOperationOf(expr, node)),
    subqueries: nodes.of(terms.SubqueryExpr).map((node) => subqueryOf(expr, node, modifiers)),
  };
}
