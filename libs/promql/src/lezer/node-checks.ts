import type { SyntaxNode, Tree } from '@lezer/common';
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

/** Every check on every node of its types, in one walk of the tree. */
export function runNodeChecks(expr: string, tree: Tree, checks: readonly NodeCheck[]): Diagnostic[] {
  const byType = new Map<number, NodeCheck[]>();
  for (const check of checks) for (const type of check.types) byType.set(type, [...(byType.get(type) ?? []), check]);
  const diagnostics: Diagnostic[] = [];
  tree.iterate({
    enter: (ref) => {
      const forType = byType.get(ref.type.id);
      if (!forType) return;
      const node = ref.node;
      for (const { check } of forType) {
        const found = check(expr, node);
        if (found.length > 0) diagnostics.push(...found);
      }
    },
  });
  return diagnostics;
}
