import { checks, type Finding, type LintContext } from './checks/index.ts';
import { syntax } from './checks/promql/syntax.ts';
import { parse } from './parser.ts';
import { substituteVariables } from './template.ts';
import { DEFAULT_TARGET, type PrometheusTarget } from './versions.ts';
import { walk } from './walk.ts';

export const SYNTAX_CHECK = syntax.name;

type Span = { from: number; to: number };

/** The text to parse (Grafana variables replaced by stand-ins when `templated`) and how to put a span back. */
function prepare(original: string, templated: boolean) {
  const substitution = templated ? substituteVariables(original) : { text: original, toOriginal: (o: number) => o };
  const { toOriginal } = substitution;
  const place = (f: Span): Span => ({ from: toOriginal(f.from), to: Math.max(toOriginal(f.to), toOriginal(f.from)) });
  return { expr: substitution.text, toOriginal, place };
}

/**
 * Syntax, types, then every catalog check, for one expression in its context. Positions are in
 * the text as written: dashboard queries are parsed with their template variables substituted.
 */
export function lint(original: string, ctx: LintContext): Finding[] {
  const { expr, toOriginal, place } = prepare(original, ctx.origin === 'dashboard');
  const parsed = parse(expr, ctx.target);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) {
    return parsed.diagnostics.map((d) => ({ check: SYNTAX_CHECK, message: d.message, ...place(d) }));
  }
  const input = { expr, original, toOriginal, walk: walk(expr, parsed.tree), ctx };
  return checks.flatMap((check) =>
    check.run(input).map((f) => ({ check: check.name, message: f.message, ...place(f) })),
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
  const { expr, place } = prepare(original, templated);
  return parse(expr, target)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ check: SYNTAX_CHECK, message: d.message, ...place(d) }));
}
