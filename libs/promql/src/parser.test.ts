import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from './lezer/test-helpers.ts';
import { parse, validatePromql } from './parser.ts';

describe('parse', () => {
  it.each([
    ['rate(x)', ['5-6 expected type range vector in call to function "rate", got instant vector']],
    ['sum(rate(x[5m])', ['15-15 unexpected end of input']],
    ['foo{bar=}', ['8-9 unexpected "}"']],
    [
      'x{job=~"("} + rate(y)',
      [
        '7-10 error parsing regexp: /^(?:()$/: Unterminated group',
        '19-20 expected type range vector in call to function "rate", got instant vector',
      ],
    ],
    ['{}', ['0-2 vector selector must contain at least one non-empty matcher']],
    [
      'sum(up) @ 100',
      ['0-13 @ modifier must be preceded by an instant selector vector or range vector selector or a subquery'],
    ],
    ['info(up)', ['0-4 info needs Prometheus ≥ 3.0 with --enable-feature=promql-experimental-functions']],
    ['x +', ['3-3 unexpected end of input']],
  ])('%s', (expr, expected) => {
    expect(parse(expr).diagnostics.map(formatDiagnostic)).toEqual(expected);
  });

  it('skips type checks when the syntax is broken: they would be about the repaired tree', () => {
    expect(validatePromql('rate(x) +').map(formatDiagnostic)).toEqual(['9-9 unexpected end of input']);
  });

  it('returns the syntax tree', () => {
    expect(parse('sum(up)').tree.topNode.firstChild?.name).toBe('AggregateExpr');
  });

  it.each(['up', 'sum by (job) (rate(http_requests_total{tenant="acme"}[5m]))', 'up - up offset 1d'])(
    '%s is valid',
    (expr) => {
      expect(validatePromql(expr)).toEqual([]);
    },
  );
});
