/**
 * The one interface the rest of the code parses PromQL through, so that another parser (a wasm
 * build of the Go parser, say) can replace the lezer one by changing `activeParser` alone.
 */
import type { Tree } from '@lezer/common';
import type { Diagnostic } from './diagnostic.ts';
import { lezerParserForTarget } from './lezer/lezer-parser.ts';
import { DEFAULT_TARGET, type PrometheusTarget } from './versions.ts';

export interface ParseResult {
  /** The lezer syntax tree of `@prometheus-io/lezer-promql`; `walk()` reads it. */
  readonly tree: Tree;
  /** Syntax and type errors, positions are offsets into the expression. Empty when valid. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface PromqlParser {
  parse(expr: string): ParseResult;
}

const activeParser = lezerParserForTarget;

/** `target`: the Prometheus the expression must load in (2.42, what promtool here is, unless said). */
export function parse(expr: string, target: PrometheusTarget = DEFAULT_TARGET): ParseResult {
  return activeParser(target).parse(expr);
}

export function validatePromql(expr: string, target: PrometheusTarget = DEFAULT_TARGET): readonly Diagnostic[] {
  return parse(expr, target).diagnostics;
}
