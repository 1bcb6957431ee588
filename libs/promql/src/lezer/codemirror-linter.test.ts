import { describe, expect, it } from 'vitest';
import { typeErrors } from './codemirror-linter.ts';
import { formatDiagnostic } from './test-helpers.ts';

describe("codemirror-promql's linter, headless", () => {
  it.each([
    ['rate(x)', ['5-6 expected type range vector in call to function "rate", got instant vector']],
    ['-"a"', ['0-4 unary expression only allowed on expressions of type scalar or instant vector, got string']],
    ['{}', ['0-2 vector selector must contain at least one non-empty matcher']],
    ['1 > 2', ['0-5 comparisons between scalars must use BOOL modifier']],
    ['topk("a", x)', ['5-8 expected type scalar in aggregation parameter, got string']],
    ['rate(x[5m])', []],
  ])('%s', (expr, expected) => {
    expect(typeErrors(expr).map(formatDiagnostic)).toEqual(expected);
  });

  it('keeps offsets of text with carriage returns', () => {
    const expr = 'sum(\r\n  rate(x)\r\n)';
    const x = expr.indexOf('x');
    expect(typeErrors(expr).map((d) => [d.from, d.to])).toEqual([[x, x + 1]]);
  });

  it('checks the end of a query longer than the editor parses at first (3000 characters)', () => {
    const selectors = Array.from({ length: 100 }, (_, i) => `http_requests_total{route="/api/v1/resource/${i}"}`);
    const expr = `${selectors.join(' or ')} or rate(up)`;
    expect(expr.length).toBeGreaterThan(3000);
    expect(typeErrors(expr).map(formatDiagnostic)).toEqual([
      `${expr.length - 3}-${expr.length - 1} expected type range vector in call to function "rate", got instant vector`,
    ]);
  });
});
