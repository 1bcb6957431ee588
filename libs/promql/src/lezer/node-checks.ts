import { IterMode, type SyntaxNode, type SyntaxNodeRef, type Tree } from '@lezer/common';
import type { Diagnostic } from '../diagnostic.ts';

/** A check that looks at nodes of some types (and what is below them) and says what is wrong there. */
export interface NodeCheck {
  /** The node types it looks at: the walk hands it no other. */
  readonly types: readonly number[];
  readonly check: (expr: string, node: SyntaxNode) => Diagnostic[];
}

export function nodeCheck(types: readonly number[], check: NodeCheck['check']): NodeCheck {
  return { types, check };
}

/**
 * What a pass does at each node of a walk; several passes share one walk of the tree (`visitTree`). A class
 * with methods, not closures made per walk: the CLI runs under tsx, whose compiled closures each cost a
 * `__name` call (Object.defineProperty) when made, a measurable share of a walk of a small tree.
 */
export interface TreeVisitor {
  enter(node: SyntaxNodeRef): void;
  leave(node: SyntaxNodeRef): void;
}

/**
 * One walk of the tree, each visitor's `enter` in turn before a node's children and `leave` after them: what
 * lezer's `Tree.iterate` does (named nodes only), with a cursor and no callback made per walk.
 */
export function visitTree(tree: Tree, visitors: readonly TreeVisitor[]): void {
  const cursor = tree.cursor(IterMode.IncludeAnonymous);
  for (;;) {
    const named = !cursor.type.isAnonymous;
    if (named) for (const visitor of visitors) visitor.enter(cursor);
    if (cursor.firstChild()) continue;
    let left = named;
    for (;;) {
      if (left) for (const visitor of visitors) visitor.leave(cursor);
      if (cursor.nextSibling()) break;
      if (!cursor.parent()) return;
      left = !cursor.type.isAnonymous;
    }
  }
}

/** The checks by the node type they look at: built once per list of checks (a parser's are fixed). */
const indexes = new WeakMap<readonly NodeCheck[], ReadonlyMap<number, readonly NodeCheck[]>>();

function checksByType(checks: readonly NodeCheck[]): ReadonlyMap<number, readonly NodeCheck[]> {
  let byType = indexes.get(checks);
  if (!byType) {
    const index = new Map<number, NodeCheck[]>();
    for (const check of checks) for (const type of check.types) index.set(type, [...(index.get(type) ?? []), check]);
    indexes.set(checks, (byType = index));
  }
  return byType;
}

/** Every check on every node of its types, as a pass of a walk: its findings fill `diagnostics`. */
export class NodeChecksPass implements TreeVisitor {
  readonly diagnostics: Diagnostic[] = [];
  private readonly byType: ReadonlyMap<number, readonly NodeCheck[]>;

  constructor(
    private readonly expr: string,
    checks: readonly NodeCheck[],
  ) {
    this.byType = checksByType(checks);
  }

  enter(ref: SyntaxNodeRef): void {
    const forType = this.byType.get(ref.type.id);
    if (!forType) return;
    const node = ref.node;
    for (const { check } of forType) {
      const found = check(this.expr, node);
      if (found.length > 0) this.diagnostics.push(...found);
    }
  }

  leave(): void {}
}

/** Every check on every node of its types, in one walk of the tree. */
export function runNodeChecks(expr: string, tree: Tree, checks: readonly NodeCheck[]): Diagnostic[] {
  const pass = new NodeChecksPass(expr, checks);
  visitTree(tree, [pass]);
  return pass.diagnostics;
}
