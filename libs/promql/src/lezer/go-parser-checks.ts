/**
 * What Prometheus' Go parser rejects beyond lezer-promql's grammar and the types (type-checker.ts).
 * Messages follow the Go parser's, so they read the same as promtool's.
 */
import type { SyntaxNode } from '@lezer/common';
import {
  AggregateExpr,
  AggregateOp,
  BinaryExpr,
  Bottomk,
  CountValues,
  EqlRegex,
  FunctionCallBody,
  LimitK,
  LimitRatio,
  MatchOp,
  MatrixSelector,
  NeqRegex,
  NumberDurationLiteral,
  NumberDurationLiteralInDurationContext,
  OffsetExpr,
  Quantile,
  QuotedLabelMatcher,
  StepInvariantExpr,
  StringLiteral,
  SubqueryExpr,
  Topk,
  UnaryExpr,
  UnquotedLabelMatcher,
  VectorSelector,
} from '@prometheus-io/lezer-promql';
import { error } from '../diagnostic.ts';
import { parseDuration } from './duration.ts';
import { compileGoRegex } from './go-regex.ts';
import { selectorParts, type LabelMatcher } from './label-matchers.ts';
import { nodeCheck, type NodeCheck } from './node-checks.ts';
import { childOf, childrenOfType, goOperandOf, operandOf, stringValue, textOf } from './syntax-node.ts';

const GO_NUMBER = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF]|[nN][aA][nN])$/;
/** Go durations are int64 nanoseconds. */
const MAX_DURATION_MS = 2 ** 63 / 1e6;
/** Unix seconds whose milliseconds still fit an int64, as the Go parser requires of `@`. */
const MAX_AT_SECONDS = 2 ** 63 / 1000;

/** A number literal's value the way Go reads it; lezer lets a sign and blanks precede it (`- 1`). */
function goNumber(text: string): number | undefined {
  const sign = /^[+-]?\s*/.exec(text)?.[0] ?? '';
  const digits = text.slice(sign.length);
  if (!GO_NUMBER.test(digits)) return undefined;
  const magnitude = /^inf$/i.test(digits) ? Infinity : Number(digits);
  return sign.startsWith('-') ? -magnitude : magnitude;
}

function isRegexMatcher(matchOp: SyntaxNode): boolean {
  const operator = matchOp.firstChild?.type.id;
  return operator === EqlRegex || operator === NeqRegex;
}

const regexMatchers = nodeCheck([UnquotedLabelMatcher, QuotedLabelMatcher], (expr, node) => {
  if (node.type.id !== UnquotedLabelMatcher && node.type.id !== QuotedLabelMatcher) return [];
  const matchOp = childOf(node, MatchOp);
  const literal = childOf(node, StringLiteral, MatchOp);
  if (!matchOp || !literal || !isRegexMatcher(matchOp)) return [];
  const compiled = compileGoRegex(stringValue(expr, literal));
  return compiled.ok ? [] : [error(literal.from, literal.to, compiled.message)];
});

/** Undefined for a regex that does not compile: that is reported on its own. */
function matchesEmpty(matcher: LabelMatcher): boolean | undefined {
  switch (matcher.op) {
    case '=':
      return matcher.value === '';
    case '!=':
      return matcher.value !== '';
    default: {
      const compiled = compileGoRegex(matcher.value);
      if (!compiled.ok) return undefined;
      return compiled.regex.test('') === (matcher.op === '=~');
    }
  }
}

/** `{}`, `{a=""}`, `{a=~".*"}` would select every series: Prometheus refuses them. */
const selectorNotEmpty = nodeCheck([VectorSelector], (expr, node) => {
  if (node.type.id !== VectorSelector) return [];
  const { metricName, matchers } = selectorParts(expr, node);
  if (metricName !== undefined || matchers.some((matcher) => matchesEmpty(matcher) !== true)) return [];
  return [error(node.from, node.to, 'vector selector must contain at least one non-empty matcher')];
});

/** Ranges, subquery windows and steps, and offsets must be positive durations with a unit. */
const durationLiterals = nodeCheck([NumberDurationLiteralInDurationContext], (expr, node) => {
  if (node.type.id !== NumberDurationLiteralInDurationContext) return [];
  const text = textOf(expr, node);
  const ms = parseDuration(text);
  if (ms === undefined) {
    return [
      error(
        node.from,
        node.to,
        goNumber(text) !== undefined
          ? `missing unit character in duration "${text}"`
          : `not a valid duration string: "${text}"`,
      ),
    ];
  }
  if (ms > MAX_DURATION_MS) return [error(node.from, node.to, 'duration out of range')];
  return ms === 0 ? [error(node.from, node.to, 'duration must be greater than 0')] : [];
});

/** lezer reads `5m` and `1_000` as numbers anywhere; the Go parser only takes plain numbers outside durations. */
const numberLiterals = nodeCheck([NumberDurationLiteral], (expr, node) => {
  if (node.type.id !== NumberDurationLiteral || node.parent?.type.id === StepInvariantExpr) return [];
  const text = textOf(expr, node);
  const value = goNumber(text);
  if (value !== undefined && Math.abs(value) === Infinity && !/inf$/i.test(text)) {
    const digits = text.replace(/^[+-]\s*/, '');
    return [
      error(node.from, node.to, `error parsing number: strconv.ParseFloat: parsing "${digits}": value out of range`),
    ];
  }
  if (value !== undefined) return [];
  const isDuration = parseDuration(text.replace(/^[+-]\s*/, '')) !== undefined;
  return [error(node.from, node.to, isDuration ? `unexpected duration "${text}"` : `bad number syntax: "${text}"`)];
});

const atTimestamp = nodeCheck([StepInvariantExpr], (expr, node) => {
  if (node.type.id !== StepInvariantExpr) return [];
  const timestamp = childOf(node, NumberDurationLiteral);
  if (!timestamp) return [];
  const text = textOf(expr, timestamp);
  const seconds = goNumber(text);
  if (seconds === undefined)
    return [error(timestamp.from, timestamp.to, `unexpected "${text}" in @, expected timestamp`)];
  const inBounds = Number.isFinite(seconds) && Math.abs(seconds) <= MAX_AT_SECONDS;
  return inBounds ? [] : [error(timestamp.from, timestamp.to, `timestamp out of bounds for @ modifier: ${text}`)];
});

const MODIFIERS: ReadonlyMap<number, { readonly name: string; readonly misplaced: string }> = new Map([
  [
    OffsetExpr,
    {
      name: 'offset',
      misplaced:
        'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery',
    },
  ],
  // The linter's own wording, so that its diagnostic and this one merge into one.
  [
    StepInvariantExpr,
    {
      name: '@ <timestamp>',
      misplaced: '@ modifier must be preceded by an instant selector vector or range vector selector or a subquery',
    },
  ],
]);
const MODIFIABLE = new Set([VectorSelector, MatrixSelector, SubqueryExpr]);

/**
 * `offset` and `@` apply to a selector or subquery, each at most once. Checked from the
 * outermost modifier of a chain such as `x offset 5m @ 10`, with the Go parser's precedence.
 */
const modifierTargets = nodeCheck([OffsetExpr, StepInvariantExpr], (_expr, node) => {
  const modifier = MODIFIERS.get(node.type.id);
  if (!modifier || (node.parent && MODIFIERS.has(node.parent.type.id))) return [];
  const seen = new Set([node.type.id]);
  let innermost = node;
  let target = goOperandOf(node);
  for (; target && MODIFIERS.has(target.type.id); target = goOperandOf(target)) {
    if (seen.has(target.type.id))
      return [error(node.from, node.to, `${MODIFIERS.get(target.type.id)?.name} may not be set multiple times`)];
    seen.add(target.type.id);
    innermost = target;
  }
  if (target && MODIFIABLE.has(target.type.id)) return [];
  return [error(node.from, node.to, (MODIFIERS.get(innermost.type.id) ?? modifier).misplaced)];
});

/** What a range or subquery is taken of, past the modifiers a subquery may have below it. */
function rangedOperand(node: SyntaxNode): SyntaxNode | null {
  let operand = operandOf(node);
  while (node.type.id === SubqueryExpr && operand && MODIFIERS.has(operand.type.id)) operand = operandOf(operand);
  return operand;
}

/**
 * `x[5m]` only: not `sum(x)[5m]`, not `x offset 1m [5m]`. Where lezer took the range of a whole
 * operator expression (`a - b[5m:]`), Go takes it of the last operand and then rejects the
 * operator on a range vector.
 */
const rangeOperands = nodeCheck([MatrixSelector, SubqueryExpr], (_expr, node) => {
  if (node.type.id !== MatrixSelector && node.type.id !== SubqueryExpr) return [];
  const operand = rangedOperand(node);
  if (!operand) return [];
  if (operand.type.id === BinaryExpr)
    return [error(node.from, node.to, 'binary expression must contain only scalar and instant vector types')];
  if (operand.type.id === UnaryExpr)
    return [
      error(
        node.from,
        node.to,
        'unary expression only allowed on expressions of type scalar or instant vector, got range vector',
      ),
    ];
  if (node.type.id === SubqueryExpr || operand.type.id === VectorSelector) return [];
  if (!MODIFIERS.has(operand.type.id)) return [error(node.from, node.to, 'ranges only allowed for vector selectors')];
  return modifiersBeforeRange(operand).map((what) =>
    error(node.from, node.to, `no ${what} modifiers allowed before range`),
  );
});

/**
 * Prometheus 2.42 refuses an offset or an `@ <timestamp>` between a selector and its range, but lets
 * `@ start()` and `@ end()` through (`x @ start() [5m]` is valid there). Which of the two it names.
 */
function modifiersBeforeRange(modifier: SyntaxNode): string[] {
  let offset = false;
  let at = false;
  for (let node: SyntaxNode | null = modifier; node && MODIFIERS.has(node.type.id); node = operandOf(node)) {
    if (node.type.id === OffsetExpr) offset = true;
    else if (childOf(node, NumberDurationLiteral)) at = true;
  }
  return offset ? ['offset'] : at ? ['@'] : [];
}

const PARAMETRIC_AGGREGATIONS = new Set([Topk, Bottomk, Quantile, CountValues, LimitK, LimitRatio]);

/** The linter checks parameter types but not their number: `sum(a, b)` and `topk(1, 2, x)` pass it. */
const aggregationArity = nodeCheck([AggregateExpr], (_expr, node) => {
  if (node.type.id !== AggregateExpr) return [];
  const op = childOf(node, AggregateOp)?.firstChild;
  const body = childOf(node, FunctionCallBody);
  if (!op || !body) return [];
  const expected = PARAMETRIC_AGGREGATIONS.has(op.type.id) ? 2 : 1;
  const got = childrenOfType(body, 'Expr').length;
  if (got === expected) return [];
  return [
    error(
      node.from,
      node.to,
      `wrong number of arguments for aggregate expression provided, expected ${expected}, got ${got}`,
    ),
  ];
});

export const goParserChecks: readonly NodeCheck[] = [
  regexMatchers,
  selectorNotEmpty,
  durationLiterals,
  numberLiterals,
  atTimestamp,
  modifierTargets,
  rangeOperands,
  aggregationArity,
];
