import { checks, type Finding, type LintContext } from './checks/index.ts';
import { parse } from './parser.ts';
import { substituteVariables } from './template.ts';
import { walk } from './walk.ts';

export const SYNTAX_CHECK = 'promql/syntax';

/**
 * Syntax, types, then every catalog check, for one expression in its context. Positions are in
 * the text as written: dashboard queries are parsed with their template variables substituted.
 */
export function lint(original: string, ctx: LintContext): Finding[] {
  const substitution = ctx.origin === 'dashboard' ? substituteVariables(original) : { text: original, toOriginal: (o: number) => o };
  const expr = substitution.text;
  const parsed = parse(expr);
  const toOriginal = substitution.toOriginal;
  const place = (f: { from: number; to: number }) => ({ from: toOriginal(f.from), to: Math.max(toOriginal(f.to), toOriginal(f.from)) });
  if (parsed.diagnostics.some((d) => d.severity === 'error')) {
    return parsed.diagnostics.map((d) => ({ check: SYNTAX_CHECK, message: d.message, ...place(d) }));
  }
  const input = { expr, original, toOriginal, walk: walk(expr, parsed.tree), ctx };
  return checks.flatMap((check) => check.run(input).map((f) => ({ check: check.name, message: f.message, ...place(f) })));
}

/** The expression with a caret line under a finding, for terminal output. */
export function caret(expr: string, finding: { from: number; to: number }): string {
  const lineStart = expr.lastIndexOf('\n', finding.from - 1) + 1;
  const lineEnd = expr.indexOf('\n', finding.from);
  const line = expr.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const width = Math.max(1, Math.min(finding.to, lineStart + line.length) - finding.from);
  return `${line}\n${' '.repeat(finding.from - lineStart)}${'^'.repeat(width)}`;
}
