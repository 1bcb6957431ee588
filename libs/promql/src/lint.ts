import { checks, type Finding, type LintContext } from './checks/index.ts';
import { syntax } from './checks/promql/syntax.ts';
import { parse } from './parser.ts';
import { substituteVariables } from './template.ts';
import { DEFAULT_TARGET, type PrometheusTarget } from './versions.ts';
import { walk } from './walk.ts';

export const SYNTAX_CHECK = syntax.name;

type Span = { from: number; to: number };

const asWritten = (offset: number) => offset;

/** A span of the parsed text, put back in the text as written. */
function placed(f: Span, toOriginal: (offset: number) => number): Span {
  return { from: toOriginal(f.from), to: Math.max(toOriginal(f.to), toOriginal(f.from)) };
}

/** The text to parse (Grafana variables replaced by stand-ins when `templated`) and how to map its offsets back. */
function prepare(original: string, templated: boolean): { expr: string; toOriginal: (offset: number) => number } {
  if (!templated) return { expr: original, toOriginal: asWritten };
  const { text, toOriginal } = substituteVariables(original);
  return { expr: text, toOriginal };
}

/**
 * Syntax, types, then every catalog check, for one expression in its context. Positions are in
 * the text as written: dashboard queries are parsed with their template variables substituted.
 */
export function lint(original: string, ctx: LintContext): Finding[] {
  const { expr, toOriginal } = prepare(original, ctx.origin === 'dashboard');
  const parsed = parse(expr, ctx.target);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) {
    return parsed.diagnostics.map((d) => ({ check: SYNTAX_CHECK, message: d.message, ...placed(d, toOriginal) }));
  }
  const input = { expr, original, toOriginal, walk: walk(expr, parsed.tree), ctx };
  return checks.flatMap((check) =>
    check.run(input).map((f) => ({ check: check.name, message: f.message, ...placed(f, toOriginal) })),
  );
}

/**
 * The syntax and type errors of one expression, without context (no catalog checks), as `promql/syntax`
 * findings. `templated`: the expression may hold Grafana variables (`$__rate_interval`, `${job}`), read as
 * `lint` reads a dashboard query; positions are in the text as written.
 */
export function lintSyntax(
  original: string,
  target: PrometheusTarget = DEFAULT_TARGET,
  { templated = false }: { readonly templated?: boolean } = {},
): Finding[] {
  const { expr, toOriginal } = prepare(original, templated);
  return parse(expr, target)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ check: SYNTAX_CHECK, message: d.message, ...placed(d, toOriginal) }));
}
