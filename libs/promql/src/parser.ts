/**
 * The one interface the rest of the code parses PromQL through, so that another parser (a wasm
 * build of the Go parser, say) can replace the lezer one by changing `activeParser` alone.
 */
import type { Tree } from '@lezer/common';
import type { Diagnostic } from './diagnostic.ts';
import { lezerParser } from './lezer/lezer-parser.ts';

export interface ParseResult {
  /** The lezer syntax tree of `@prometheus-io/lezer-promql`; `walk()` reads it. */
  readonly tree: Tree;
  /** Syntax and type errors, positions are offsets into the expression. Empty when valid. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface PromqlParser {
  parse(expr: string): ParseResult;
}

const activeParser: PromqlParser = lezerParser;

export function parse(expr: string): ParseResult {
  return activeParser.parse(expr);
}

export function validatePromql(expr: string): readonly Diagnostic[] {
  return parse(expr).diagnostics;
}
