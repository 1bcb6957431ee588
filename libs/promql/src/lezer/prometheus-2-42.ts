/**
 * lezer-promql follows Prometheus 3; the rules must load in the Prometheus the environment runs (2.42 by
 * default, what promtool here is). Syntax newer than the target, or behind a flag it does not enable, is an
 * error here, naming the version or flag it needs.
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
import { DEFAULT_TARGET, functionAvailability, syntaxAvailability, type PrometheusTarget } from '../versions.ts';
import { nodeCheck, type NodeCheck } from './node-checks.ts';
import { childOf, textOf } from './syntax-node.ts';

function unsupported(node: SyntaxNode, what: string, target: PrometheusTarget): Diagnostic[] {
  return [error(node.from, node.to, `${what} is not supported by Prometheus ${target.version}`)];
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

const newerFunctions = (target: PrometheusTarget) =>
  nodeCheck([FunctionIdentifier, AggregateOp], (expr, node) => {
    const name = node.firstChild;
    // Prometheus 3 knows every function lezer-promql does; versions.ts says which need a flag.
    const knownToTarget = target.version === '3.x';
    if (node.type.id === FunctionIdentifier) {
      // keywords.ts reads 2.42's holt_winters as the function lezer-promql knows by its Prometheus 3 name.
      const text = textOf(expr, node);
      const availability = functionAvailability(text, target);
      if (availability) return [error(node.from, node.to, availability)];
      if (name && NEWER_FUNCTIONS.has(name.type.id) && text !== 'holt_winters' && !knownToTarget)
        return unsupported(node, `function "${text}"`, target);
    }
    if (node.type.id === AggregateOp && name && NEWER_AGGREGATIONS.has(name.type.id)) {
      const text = textOf(expr, node);
      const availability = functionAvailability(text, target);
      if (availability) return [error(node.from, node.to, availability)];
      return knownToTarget ? [] : unsupported(node, `aggregation "${text}"`, target);
    }
    return [];
  });

/** Syntax of Prometheus 3 releases and flags not modelled in versions.ts: refused for 2.x, left to 3.x. */
const NEWER_SYNTAX: ReadonlyMap<number, string> = new Map([
  [FillModifier, 'the fill() modifier'],
  [TrimUpper, 'the "</" operator'],
  [TrimLower, 'the ">/" operator'],
  [AnchoredExpr, 'the "anchored" modifier'],
  [SmoothedExpr, 'the "smoothed" modifier'],
]);

const newerSyntax = (target: PrometheusTarget) =>
  nodeCheck([QuotedLabelName, ...NEWER_SYNTAX.keys()], (_expr, node) => {
    if (node.type.id === QuotedLabelName) {
      const why = syntaxAvailability('quoted name', target);
      return why ? [error(node.from, node.to, why)] : [];
    }
    const what = NEWER_SYNTAX.get(node.type.id);
    return what && target.version !== '3.x' ? unsupported(node, what, target) : [];
  });

function isLiteral(node: SyntaxNode | null): boolean {
  return node?.type.id === NumberDurationLiteralInDurationContext && !node.nextSibling;
}

/** Without duration expressions, a range, step or offset is one duration literal; an offset may be negative. */
const durationArithmetic = (target: PrometheusTarget) =>
  nodeCheck([DurationExpr, OffsetDurationExpr], (expr, node) => {
    const why = syntaxAvailability('duration expression', target);
    if (!why) return [];
    if (node.type.id === DurationExpr && !isLiteral(node.firstChild)) return [error(node.from, node.to, why)];
    if (node.type.id !== OffsetDurationExpr || node.parent?.type.id === OffsetDurationExpr) return [];
    const sign = childOf(node, UnaryOp);
    const magnitude = sign ? childOf(node, OffsetDurationExpr) : node;
    const plainOffset = isLiteral(magnitude?.firstChild ?? null) && (!sign || textOf(expr, sign) === '-');
    return plainOffset ? [] : [error(node.from, node.to, why.replace('a duration expression', 'an offset expression'))];
  });

/** The checks of what `target` refuses that Prometheus 3 (lezer-promql's grammar) accepts. */
export function versionChecks(target: PrometheusTarget): readonly NodeCheck[] {
  return [newerFunctions(target), newerSyntax(target), durationArithmetic(target)];
}

export const prometheus242Checks: readonly NodeCheck[] = versionChecks(DEFAULT_TARGET);
