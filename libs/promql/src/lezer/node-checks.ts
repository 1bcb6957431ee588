import type { SyntaxNode, Tree } from '@lezer/common';
import type { Diagnostic } from '../diagnostic.ts';

/** A check that looks at one syntax node (and what is below it) and says what is wrong there. */
export type NodeCheck = (expr: string, node: SyntaxNode) => Diagnostic[];

export function runNodeChecks(expr: string, tree: Tree, checks: readonly NodeCheck[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  tree.iterate({
    enter: (ref) => {
      const node = ref.node;
      for (const check of checks) diagnostics.push(...check(expr, node));
    },
  });
  return diagnostics;
}
