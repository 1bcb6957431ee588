/**
 * The type checks the Go parser makes after parsing (its `checkAST`), over a lezer-promql tree: operand types
 * of operators, functions, aggregations and subqueries, vector matching, `bool`, the metric name given twice.
 * One pass, bottom-up, without recursion: a node's type is computed when the walk leaves it, from the types
 * its children left behind, so the cost is linear in the size of the tree and the stack does not grow with
 * its depth. Meaningful only for a tree without syntax errors. Messages follow the Go parser's.
 *
 * lezer-promql applies `offset`, `@`, `[range]` and `[range:step]` to a whole operator expression where Go
 * applies them to its last operand; the checks in go-parser-checks.ts report those, and here such a node just
 * passes its operand's type through (or is a range vector), so that nothing is reported twice.
 */
import type { SyntaxNode, SyntaxNodeRef, Tree } from '@lezer/common';
import {
  AggregateExpr,
  AggregateOp,
  BinaryExpr,
  BoolModifier,
  CountValues,
  FunctionCall,
  FunctionCallBody,
  FunctionIdentifier,
  GroupingLabels,
  GroupLeft,
  GroupRight,
  LabelName,
  MatchingModifierClause,
  MatrixSelector,
  NumberDurationLiteral,
  OffsetExpr,
  On,
  ParenExpr,
  StepInvariantExpr,
  StringLiteral,
  SubqueryExpr,
  UnaryExpr,
  VectorSelector,
  parser,
} from '@prometheus-io/lezer-promql';
import { error, type Diagnostic } from '../diagnostic.ts';
import { FUNCTIONS, typeName, type ValueType } from './functions.ts';
import { selectorParts } from './label-matchers.ts';
import { visitTree, type TreeVisitor } from './node-checks.ts';
import { childOf, childrenOfType, labelNameOf, textOf } from './syntax-node.ts';

const EXPRESSION_TYPES = new Set(parser.nodeSet.types.filter((type) => type.is('Expr')).map((type) => type.id));
const COMPARISON = new Set(['Eql', 'Neq', 'Lss', 'Lte', 'Gtr', 'Gte']);
const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
const ARITHMETIC = new Set(['Add', 'Sub', 'Mul', 'Div', 'Mod', 'Pow', 'Atan2']);
const SCALAR_PARAMETER = new Set(['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio']);

/** What a child left for its parent: its kind and span, and its type if it is an expression. */
interface Child {
  readonly id: number;
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly type: ValueType | undefined;
  /** Of a FunctionCallBody: the arguments. */
  readonly args?: readonly Operand[];
  /** Of an AggregateOp: which aggregation. */
  readonly firstChildId?: number;
}

type Operand = Child & { readonly type: ValueType };

function operands(children: readonly Child[]): Operand[] {
  return children.filter((child): child is Operand => child.type !== undefined);
}

function isVectorOrScalar(type: ValueType): boolean {
  return type === 'vector' || type === 'scalar';
}

/**
 * The type checks as a pass of a walk of a tree without syntax errors (`visitTree`): once the walk is done,
 * `result()` is the type errors and the type of the expression.
 */
export class TypeChecker implements TreeVisitor {
  readonly diagnostics: Diagnostic[] = [];
  // The children each open node has left so far: one list per level of the walk.
  private readonly frames: Child[][] = [[]];
  private topType: ValueType | undefined;

  constructor(private readonly expr: string) {}

  result(): TypeCheck {
    return { diagnostics: this.diagnostics, type: this.topType };
  }

  enter(): void {
    this.frames.push([]);
  }

  leave(ref: SyntaxNodeRef): void {
    const { frames } = this;
    const children = frames.pop();
    const parent = frames[frames.length - 1];
    if (!children || !parent) return;
    // The top node (PromQL) holds the expression.
    if (frames.length === 1) this.topType = operands(children)[0]?.type;
    const id = ref.type.id;
    const { name } = ref.type;
    const { from, to } = ref;
    if (EXPRESSION_TYPES.has(id)) {
      const span: Child = { id, name, from, to, type: undefined };
      parent.push({ id, name, from, to, type: this.typeOf(ref, id, span, children) });
    } else if (id === FunctionCallBody) {
      parent.push({ id, name, from, to, type: undefined, args: operands(children) });
    } else if (id === AggregateOp) {
      parent.push({ id, name, from, to, type: undefined, firstChildId: children[0]?.id });
    } else {
      parent.push({ id, name, from, to, type: undefined });
    }
  }

  private report(at: { from: number; to: number }, message: string): void {
    this.diagnostics.push(error(at.from, at.to, message));
  }

  private expect(operand: Operand | undefined, want: ValueType, context: string): void {
    if (operand && operand.type !== want)
      this.report(operand, `expected type ${typeName(want)} in ${context}, got ${typeName(operand.type)}`);
  }

  /** The type of `node`, from what its children left; reports what is wrong on the way. */
  private typeOf(ref: SyntaxNodeRef, id: number, span: Child, children: readonly Child[]): ValueType {
    const args = operands(children);
    switch (id) {
      case NumberDurationLiteral:
        return 'scalar';
      case StringLiteral:
        return 'string';
      case VectorSelector:
        this.checkSelector(ref.node);
        return 'vector';
      case MatrixSelector:
        return 'matrix';
      case SubqueryExpr: {
        const operand = args[0];
        const misparsed = operand?.id === BinaryExpr || operand?.id === UnaryExpr;
        if (operand && !misparsed && operand.type !== 'vector')
          this.report(span, `subquery is only allowed on instant vector, got ${typeName(operand.type)} instead`);
        return 'matrix';
      }
      case ParenExpr:
      case OffsetExpr:
      case StepInvariantExpr:
        return args[0]?.type ?? 'vector';
      case UnaryExpr: {
        const type = args[0]?.type ?? 'scalar';
        if (!isVectorOrScalar(type))
          this.report(
            span,
            `unary expression only allowed on expressions of type scalar or instant vector, got ${typeName(type)}`,
          );
        return type;
      }
      case BinaryExpr:
        return this.binary(ref.node, span, children);
      case FunctionCall:
        return this.call(span, children);
      case AggregateExpr:
        this.aggregation(children);
        return 'vector';
      default:
        // AnchoredExpr, SmoothedExpr (Prometheus 3): a modifier of a range.
        return args[0]?.type ?? 'vector';
    }
  }

  private checkSelector(node: SyntaxNode): void {
    const { metricName, matchers } = selectorParts(this.expr, node);
    if (metricName === undefined || !childOf(node, 'Identifier')) return;
    for (const matcher of matchers) {
      if (matcher.label === '__name__')
        this.report(
          node,
          `metric name must not be set twice: ${JSON.stringify(metricName)} or ${JSON.stringify(matcher.value)}`,
        );
    }
  }

  private binary(node: SyntaxNode, span: Child, children: readonly Child[]): ValueType {
    const [lhs, rhs] = operands(children);
    const op = children.find(
      (c) => c.type === undefined && (COMPARISON.has(c.name) || SET_OPERATORS.has(c.name) || ARITHMETIC.has(c.name)),
    );
    if (!lhs || !rhs || !op) return 'vector';
    const returnBool = children.some((c) => c.id === BoolModifier);
    const isComparison = COMPARISON.has(op.name);
    const isSet = SET_OPERATORS.has(op.name);
    const operator = textOf(this.expr, op);
    if (returnBool && !isComparison) this.report(span, 'bool modifier can only be used on comparison operators');
    if (isComparison && !returnBool && lhs.type === 'scalar' && rhs.type === 'scalar')
      this.report(span, 'comparisons between scalars must use BOOL modifier');
    const matching = children.some((c) => c.id === MatchingModifierClause)
      ? this.matching(childOf(node, MatchingModifierClause))
      : undefined;
    if (matching?.on) {
      for (const label of matching.labels.filter((l) => matching.include.includes(l)))
        this.report(span, `label ${JSON.stringify(label)} must not occur in ON and GROUP clause at once`);
    }
    if (!isVectorOrScalar(lhs.type) || !isVectorOrScalar(rhs.type))
      this.report(span, 'binary expression must contain only scalar and instant vector types');
    const bothVectors = lhs.type === 'vector' && rhs.type === 'vector';
    if (!bothVectors && matching) {
      if (matching.labels.length > 0) this.report(span, 'vector matching only allowed between instant vectors');
    } else if (isSet && matching?.grouping) {
      this.report(span, `no grouping allowed for "${operator}" operation`);
    }
    if ((lhs.type === 'scalar' || rhs.type === 'scalar') && isSet)
      this.report(span, `set operator "${operator}" not allowed in binary scalar expression`);
    return lhs.type === 'scalar' && rhs.type === 'scalar' ? 'scalar' : 'vector';
  }

  private matching(clause: SyntaxNode | null) {
    const lists = clause ? childrenOfType(clause, GroupingLabels) : [];
    const labelsOf = (list: SyntaxNode | undefined) =>
      list ? childrenOfType(list, LabelName).map((label) => labelNameOf(this.expr, label)) : [];
    const grouping = !!clause && !!(childOf(clause, GroupLeft) ?? childOf(clause, GroupRight));
    return {
      on: !!clause && !!childOf(clause, On),
      grouping,
      labels: labelsOf(lists[0]),
      include: grouping ? labelsOf(lists[1]) : [],
    };
  }

  private call(span: Child, children: readonly Child[]): ValueType {
    const identifier = children.find((c) => c.id === FunctionIdentifier);
    const body = children.find((c) => c.id === FunctionCallBody);
    const name = identifier ? textOf(this.expr, identifier) : '';
    const signature = FUNCTIONS.get(name);
    if (!signature) return 'vector';
    const args = body?.args ?? [];
    const { args: want, variadic } = signature;
    if (variadic === 0 && args.length !== want.length) {
      this.report(span, `expected ${want.length} argument(s) in call to "${name}", got ${args.length}`);
      return signature.returns;
    }
    if (variadic !== 0 && args.length < want.length - 1) {
      this.report(span, `expected at least ${want.length - 1} argument(s) in call to "${name}", got ${args.length}`);
      return signature.returns;
    }
    if (variadic > 0 && args.length > want.length - 1 + variadic) {
      this.report(
        span,
        `expected at most ${want.length - 1 + variadic} argument(s) in call to "${name}", got ${args.length}`,
      );
      return signature.returns;
    }
    args.forEach((arg, i) => {
      const type = want[Math.min(i, want.length - 1)];
      if (type) this.expect(arg, type, `call to function "${name}"`);
    });
    return signature.returns;
  }

  private aggregation(children: readonly Child[]): void {
    const op = children.find((c) => c.id === AggregateOp);
    const args = children.find((c) => c.id === FunctionCallBody)?.args ?? [];
    const name = op ? textOf(this.expr, op) : '';
    const parametric = SCALAR_PARAMETER.has(name) || op?.firstChildId === CountValues;
    // The number of arguments is checked on its own (go-parser-checks.ts).
    if (args.length !== (parametric ? 2 : 1)) return;
    const [param, vector] = parametric ? args : [undefined, args[0]];
    if (param) this.expect(param, op?.firstChildId === CountValues ? 'string' : 'scalar', 'aggregation parameter');
    this.expect(vector, 'vector', 'aggregation expression');
  }
}

export interface TypeCheck {
  readonly diagnostics: Diagnostic[];
  /** The expression's type; undefined for a tree without an expression. */
  readonly type: ValueType | undefined;
}

/** The type errors and the type of an expression whose tree has no syntax errors. */
export function typeCheck(expr: string, tree: Tree): TypeCheck {
  const pass = new TypeChecker(expr);
  visitTree(tree, [pass]);
  return pass.result();
}

/** The type errors of an expression whose tree has no syntax errors, in the order the walk meets them. */
export function typeErrors(expr: string, tree: Tree): Diagnostic[] {
  return typeCheck(expr, tree).diagnostics;
}
