import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { syntaxErrors } from './syntax-checks.ts';
import { formatDiagnostic } from './test-helpers.ts';

describe('syntax errors', () => {
  it.each([
    ['foo{bar=}', ['8-9 unexpected "}"']],
    ['sum by job (up)', ['7-10 unexpected "job"']],
    ['sum(rate(x[5m])', ['15-15 unexpected end of input']],
    ['', ['0-0 unexpected end of input']],
    ['up up', ['3-5 unexpected "up"']],
    ['holt_winters(up[1h], 0.5, 0.5)', ['0-13 unknown function with name "holt_winters"']],
    ['up{job="a\\qb"}', ['9-13 unknown escape sequence "\\q"']],
    ['"open', ['0-5 unterminated quoted string']],
  ])('%j', (expr, expected) => {
    expect(syntaxErrors(expr, parser.parse(expr)).map(formatDiagnostic)).toEqual(expected);
  });

  it("reports only the first error node, not lezer's recovery after it", () => {
    expect(syntaxErrors('a b c d', parser.parse('a b c d'))).toHaveLength(1);
  });
});
