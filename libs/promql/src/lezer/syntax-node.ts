/** Small helpers over lezer-promql syntax nodes, shared by the checks and the walk. */
import type { SyntaxNode } from '@lezer/common';
import {
  BinaryExpr,
  EqlRegex,
  EqlSingle,
  LineComment,
  Neq,
  NeqRegex,
  StringLiteral,
  UnaryExpr,
} from '@prometheus-io/lezer-promql';
import { unquote } from './string-literal.ts';

export function textOf(expr: string, node: { from: number; to: number }): string {
  return expr.slice(node.from, node.to);
}

/** The children of a node, without the comments lezer keeps in the tree. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling)
    if (child.type.id !== LineComment) children.push(child);
  return children;
}

function isOfType(node: SyntaxNode, type: number | string): boolean {
  return typeof type === 'number' ? node.type.id === type : node.type.is(type);
}

/**
 * The first child of a type (an id, or a node or group name), after a child of type `after` if given. What
 * lezer's `getChild` does, by stepping through siblings: `getChild` builds a cursor whose cost grows with the
 * square of the node's depth, which made deep trees (long chains, deep nesting) quadratic.
 */
export function childOf(node: SyntaxNode, type: number | string, after?: number | string): SyntaxNode | null {
  let seen = after === undefined;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (seen && isOfType(child, type)) return child;
    if (!seen && after !== undefined && isOfType(child, after)) seen = true;
  }
  return null;
}

/** All children of a type (an id, or a node or group name), as lezer's `getChildren`, without a cursor. */
export function childrenOfType(node: SyntaxNode, type: number | string): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (isOfType(child, type)) children.push(child);
  return children;
}

/** The operand of a postfix node (offset, @, range, subquery) as lezer parsed it: its first child. */
export function operandOf(node: SyntaxNode): SyntaxNode | null {
  return node.firstChild;
}

function isOperatorExpr(node: SyntaxNode): boolean {
  return node.type.id === BinaryExpr || node.type.id === UnaryExpr;
}

/**
 * lezer-promql gives `offset`, `@`, `[range]` and `[range:step]` the lowest precedence, so
 * `a - b offset 1d` parses as `(a - b) offset 1d`. The Go parser binds them tightest, to `b`.
 * This is the operand the Go parser applies a postfix node to: the rightmost operand of any
 * operator expression lezer put in between.
 */
export function goOperandOf(node: SyntaxNode): SyntaxNode | null {
  let operand = operandOf(node);
  while (operand && isOperatorExpr(operand)) operand = operand.lastChild;
  return operand;
}

/** A string literal's value; a malformed literal (reported by the syntax check) reads as its raw text. */
export function stringValue(expr: string, literal: SyntaxNode): string {
  const unquoted = unquote(textOf(expr, literal));
  return unquoted.ok ? unquoted.value : textOf(expr, literal);
}

/** A label name, written bare (`job`) or quoted (`"job"`, Prometheus 3 UTF-8 names). */
export function labelNameOf(expr: string, node: SyntaxNode): string {
  const literal = node.type.id === StringLiteral ? node : childOf(node, StringLiteral);
  return literal ? stringValue(expr, literal) : textOf(expr, node);
}

export type MatchOperator = '=' | '!=' | '=~' | '!~';

const MATCH_OPERATORS: ReadonlyMap<number, MatchOperator> = new Map([
  [EqlSingle, '='],
  [Neq, '!='],
  [EqlRegex, '=~'],
  [NeqRegex, '!~'],
]);

/** The operator of a `MatchOp` node. */
export function matchOperatorOf(matchOp: SyntaxNode): MatchOperator {
  const operator = matchOp.firstChild && MATCH_OPERATORS.get(matchOp.firstChild.type.id);
  if (!operator) throw new Error(`not a label match operator: ${matchOp.name}`);
  return operator;
}
