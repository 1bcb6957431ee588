/**
 * lezer-promql follows Prometheus 3; the rules are checked by promtool 2.42 and must load in a
 * Prometheus of that age too. Syntax newer than 2.42 is therefore an error here, named as such.
 */
import type { SyntaxNode } from '@lezer/common';
import {
  AggregateOp,
  AnchoredExpr,
  DoubleExponentialSmoothing,
  DurationExpr,
  FillModifier,
  FirstOverTime,
  FunctionIdentifier,
  HistogramAvg,
  HistogramQuantiles,
  HistogramStdDev,
  HistogramStdVar,
  Info,
  LimitK,
  LimitRatio,
  MadOverTime,
  NumberDurationLiteralInDurationContext,
  OffsetDurationExpr,
  QuotedLabelName,
  Range,
  SmoothedExpr,
  SortByLabel,
  SortByLabelDesc,
  StartTimestamp,
  Step,
  TrimLower,
  TrimUpper,
  TsOfFirstOverTime,
  TsOfLastOverTime,
  TsOfMaxOverTime,
  TsOfMinOverTime,
  UnaryOp,
} from '@prometheus-io/lezer-promql';
import { error, type Diagnostic } from '../diagnostic.ts';
import { DEFAULT_TARGET, functionAvailability } from '../versions.ts';
import { nodeCheck, type NodeCheck } from './node-checks.ts';
import { childOf, textOf } from './syntax-node.ts';

const COMPATIBILITY_TARGET = 'Prometheus 2.42';

function unsupported(node: SyntaxNode, what: string): Diagnostic[] {
  return [error(node.from, node.to, `${what} is not supported by ${COMPATIBILITY_TARGET}`)];
}

const NEWER_FUNCTIONS = new Set([
  DoubleExponentialSmoothing,
  FirstOverTime,
  HistogramAvg,
  HistogramQuantiles,
  HistogramStdDev,
  HistogramStdVar,
  Info,
  MadOverTime,
  Range,
  SortByLabel,
  SortByLabelDesc,
  StartTimestamp,
  Step,
  TsOfFirstOverTime,
  TsOfLastOverTime,
  TsOfMaxOverTime,
  TsOfMinOverTime,
]);
const NEWER_AGGREGATIONS = new Set([LimitK, LimitRatio]);

const newerFunctions = nodeCheck([FunctionIdentifier, AggregateOp], (expr, node) => {
  const name = node.firstChild;
  if (node.type.id === FunctionIdentifier) {
    // keywords.ts reads 2.42's holt_winters as the function lezer-promql knows by its Prometheus 3 name.
    const text = textOf(expr, node);
    const availability = functionAvailability(text, DEFAULT_TARGET);
    if (availability) return [error(node.from, node.to, availability)];
    if (name && NEWER_FUNCTIONS.has(name.type.id) && text !== 'holt_winters')
      return unsupported(node, `function "${text}"`);
  }
  if (node.type.id === AggregateOp && name && NEWER_AGGREGATIONS.has(name.type.id)) {
    const text = textOf(expr, node);
    const availability = functionAvailability(text, DEFAULT_TARGET);
    return availability ? [error(node.from, node.to, availability)] : unsupported(node, `aggregation "${text}"`);
  }
  return [];
});

const NEWER_SYNTAX: ReadonlyMap<number, string> = new Map([
  [QuotedLabelName, 'a quoted (UTF-8) label or metric name'],
  [FillModifier, 'the fill() modifier'],
  [TrimUpper, 'the "</" operator'],
  [TrimLower, 'the ">/" operator'],
  [AnchoredExpr, 'the "anchored" modifier'],
  [SmoothedExpr, 'the "smoothed" modifier'],
]);

const newerSyntax = nodeCheck([...NEWER_SYNTAX.keys()], (_expr, node) => {
  const what = NEWER_SYNTAX.get(node.type.id);
  return what ? unsupported(node, what) : [];
});

function isLiteral(node: SyntaxNode | null): boolean {
  return node?.type.id === NumberDurationLiteralInDurationContext && !node.nextSibling;
}

/** A range, step or offset is one duration literal; an offset may be negative. */
const durationArithmetic = nodeCheck([DurationExpr, OffsetDurationExpr], (expr, node) => {
  if (node.type.id === DurationExpr && !isLiteral(node.firstChild)) return unsupported(node, 'a duration expression');
  if (node.type.id !== OffsetDurationExpr || node.parent?.type.id === OffsetDurationExpr) return [];
  const sign = childOf(node, UnaryOp);
  const magnitude = sign ? childOf(node, OffsetDurationExpr) : node;
  const plainOffset = isLiteral(magnitude?.firstChild ?? null) && (!sign || textOf(expr, sign) === '-');
  return plainOffset ? [] : unsupported(node, 'an offset expression');
});

export const prometheus242Checks: readonly NodeCheck[] = [newerFunctions, newerSyntax, durationArithmetic];
