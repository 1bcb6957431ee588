import type { Finding } from './checks/check.ts';

/**
 * The line of the expression where a finding starts, with a caret line under the finding (cut at
 * the end of that line when it goes on to the next). A span past the end of the expression shows
 * past it, so a check's off-by-one is visible in its snapshot.
 */
export function caret(expr: string, finding: { from: number; to: number }): string {
  const lineStart = expr.lastIndexOf('\n', finding.from - 1) + 1;
  const lineEnd = expr.indexOf('\n', finding.from);
  const line = expr.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const width = Math.max(1, (lineEnd === -1 ? finding.to : Math.min(finding.to, lineEnd)) - finding.from);
  return `${line}\n${' '.repeat(finding.from - lineStart)}${'^'.repeat(width)}`;
}

/**
 * One finding as printed everywhere (build, validate, lint-promql, the check snapshots and
 * docs/checks.md): `<where>: <message> [<check id>]`, then the expression's line with a caret
 * under the finding, indented by four spaces. The first line ends with the check's id, the
 * heading of its entry in docs/checks.md. An empty `where` prints the message alone.
 */
export function formatFinding(where: string, expr: string, finding: Finding): string {
  const head = `${where === '' ? '' : `${where}: `}${finding.message} [${finding.check}]`;
  return `${head}\n${indent(caret(expr, finding))}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
