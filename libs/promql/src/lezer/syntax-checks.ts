/**
 * Syntax errors: lezer's error nodes and malformed string literals. Only the first error node is
 * reported, as Go's parser does: lezer's error recovery makes follow-up errors that mean nothing.
 */
import type { SyntaxNode, SyntaxNodeRef, Tree } from '@lezer/common';
import { Identifier, StringLiteral, VectorSelector } from '@prometheus-io/lezer-promql';
import { error, type Diagnostic } from '../diagnostic.ts';
import { functionAvailability } from '../versions.ts';
import { unquote } from './string-literal.ts';
import { visitTree, type TreeVisitor } from './node-checks.ts';
import { textOf } from './syntax-node.ts';

const QUOTED_TEXT_LIMIT = 20;

/** `holt_winters(…)`: lezer knows only its own functions, so an unknown one reads as `name` then `(`. */
function unknownFunctionName(expr: string, errorNode: SyntaxNode): string | undefined {
  const before = errorNode.prevSibling;
  const isCallAfterName =
    expr[errorNode.from] === '(' && before?.type.id === Identifier && before.to === errorNode.from;
  return isCallAfterName && errorNode.parent?.type.id === VectorSelector ? textOf(expr, before) : undefined;
}

function errorNodeDiagnostic(expr: string, node: SyntaxNode): Diagnostic {
  if (node.from >= expr.length) return error(expr.length, expr.length, 'unexpected end of input');
  const functionName = unknownFunctionName(expr, node);
  if (functionName) {
    // A function of a later release (`start()`, 3.12): say which, as the version checks do.
    const later = functionAvailability(functionName);
    const message = `unknown function with name "${functionName}"${later ? `: ${later}` : ''}`;
    return error(node.prevSibling?.from ?? node.from, node.to, message);
  }
  // A zero-width error node sits before the token that did not fit: show that token.
  const to =
    node.to > node.from ? node.to : node.from + (/^(?:[\w:]+|\S)/.exec(expr.slice(node.from))?.[0].length ?? 1);
  return error(node.from, to, `unexpected ${JSON.stringify(expr.slice(node.from, to).slice(0, QUOTED_TEXT_LIMIT))}`);
}

/** The first error node and every malformed string literal, as a pass of a walk. */
class SyntaxPass implements TreeVisitor {
  errorNode: SyntaxNode | undefined;
  readonly literals: Diagnostic[] = [];

  constructor(private readonly expr: string) {}

  enter(node: SyntaxNodeRef): void {
    if (node.type.isError) {
      this.errorNode ??= node.node;
    } else if (node.type.id === StringLiteral) {
      const unquoted = unquote(textOf(this.expr, node));
      if (!unquoted.ok) this.literals.push(error(node.from + unquoted.at, node.to, unquoted.message));
    }
  }

  leave(): void {}
}

export function syntaxErrors(expr: string, tree: Tree): Diagnostic[] {
  const pass = new SyntaxPass(expr);
  visitTree(tree, [pass]);
  const { errorNode, literals } = pass;
  return [...(errorNode ? [errorNodeDiagnostic(expr, errorNode)] : []), ...literals];
}
