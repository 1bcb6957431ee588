import { describe, expect, it } from 'vitest';
import { prometheus242Parser } from './keywords.ts';
import { formatDiagnostic } from './test-helpers.ts';
import { typeErrors } from './type-checker.ts';

function check(expr: string): string[] {
  return typeErrors(expr, prometheus242Parser.parse(expr)).map(formatDiagnostic);
}

describe('the type checker', () => {
  it.each([
    ['rate(x)', ['5-6 expected type range vector in call to function "rate", got instant vector']],
    ['-"a"', ['0-4 unary expression only allowed on expressions of type scalar or instant vector, got string']],
    ['1 > 2', ['0-5 comparisons between scalars must use BOOL modifier']],
    ['1 > bool 2', []],
    ['x + bool y', ['0-10 bool modifier can only be used on comparison operators']],
    ['topk("a", x)', ['5-8 expected type scalar in aggregation parameter, got string']],
    ['count_values(1, x)', ['13-14 expected type string in aggregation parameter, got scalar']],
    ['sum(x[5m])', ['4-9 expected type instant vector in aggregation expression, got range vector']],
    ['rate(x[5m])', []],
    ['clamp(x, 1)', ['0-11 expected 3 argument(s) in call to "clamp", got 2']],
    ['round(x, 1, 2)', ['0-14 expected at most 2 argument(s) in call to "round", got 3']],
    ['label_join(x, "a")', ['0-18 expected at least 3 argument(s) in call to "label_join", got 2']],
    ['label_join(x, "a", "-", "b", "c")', []],
    ['hour()', []],
    ['holt_winters(x[5m], 0.5, 0.5)', []],
    [
      'holt_winters(x, 0.5, 0.5)',
      ['13-14 expected type range vector in call to function "holt_winters", got instant vector'],
    ],
    ['x and 1', ['0-7 set operator "and" not allowed in binary scalar expression']],
    ['x or on() group_left y', ['0-22 no grouping allowed for "or" operation']],
    ['1 + on(a) x', ['0-11 vector matching only allowed between instant vectors']],
    ['1 + on() x', []],
    ['x + on(a) group_left(a) y', ['0-25 label "a" must not occur in ON and GROUP clause at once']],
    ['x + ignoring(a) group_left(a) y', []],
    ['x{a="b"}[5m:]', []],
    ['x[5m][10m:]', ['0-11 subquery is only allowed on instant vector, got range vector instead']],
    ['x{__name__="y"}', ['0-15 metric name must not be set twice: "x" or "y"']],
    ['{__name__=~"a.*", __name__!="ab"}', []],
    ['(((x[5m])))', []],
    [
      '-(x[5m])',
      ['0-8 unary expression only allowed on expressions of type scalar or instant vector, got range vector'],
    ],
  ])('%s', (expr, expected) => {
    expect(check(expr)).toEqual(expected);
  });

  it('keeps offsets of text with carriage returns', () => {
    const expr = 'sum(\r\n  rate(x)\r\n)';
    const x = expr.indexOf('x');
    expect(typeErrors(expr, prometheus242Parser.parse(expr)).map((d) => [d.from, d.to])).toEqual([[x, x + 1]]);
  });

  it('checks the end of a long query', () => {
    const selectors = Array.from({ length: 100 }, (_, i) => `http_requests_total{route="/api/v1/resource/${i}"}`);
    const expr = `${selectors.join(' or ')} or rate(up)`;
    expect(check(expr)).toEqual([
      `${expr.length - 3}-${expr.length - 1} expected type range vector in call to function "rate", got instant vector`,
    ]);
  });
});
