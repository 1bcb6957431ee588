import { checks, type Finding, type LintContext } from './checks/index.ts';
import { syntax } from './checks/promql/syntax.ts';
import { parse } from './parser.ts';
import { substituteVariables } from './template.ts';
import { DEFAULT_TARGET, type PrometheusTarget } from './versions.ts';
import { walk } from './walk.ts';

export const SYNTAX_CHECK = syntax.name;

/**
 * Syntax, types, then every catalog check, for one expression in its context. Positions are in
 * the text as written: dashboard queries are parsed with their template variables substituted.
 */
export function lint(original: string, ctx: LintContext): Finding[] {
  const substitution =
    ctx.origin === 'dashboard' ? substituteVariables(original) : { text: original, toOriginal: (o: number) => o };
  const expr = substitution.text;
  const parsed = parse(expr, ctx.target);
  const toOriginal = substitution.toOriginal;
  const place = (f: { from: number; to: number }) => ({
    from: toOriginal(f.from),
    to: Math.max(toOriginal(f.to), toOriginal(f.from)),
  });
  if (parsed.diagnostics.some((d) => d.severity === 'error')) {
    return parsed.diagnostics.map((d) => ({ check: SYNTAX_CHECK, message: d.message, ...place(d) }));
  }
  const input = { expr, original, toOriginal, walk: walk(expr, parsed.tree), ctx };
  return checks.flatMap((check) =>
    check.run(input).map((f) => ({ check: check.name, message: f.message, ...place(f) })),
  );
}

/** The syntax and type errors of one expression, without context (no catalog checks), as `promql/syntax` findings. */
export function lintSyntax(expr: string, target: PrometheusTarget = DEFAULT_TARGET): Finding[] {
  return parse(expr, target)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ check: SYNTAX_CHECK, message: d.message, from: d.from, to: d.to }));
}
