import { describe, expect, it } from 'vitest';
import { hasErrors } from '../diagnostic.ts';
import { parse } from '../parser.ts';
import { checkWithPromtool, promtoolVersion } from '../test-support.ts';
import { STEP } from './deep-nesting.ts';
import { formatDiagnostic } from './test-helpers.ts';

function nest(open: string, inner: string, close: string, depth: number): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

function check(expr: string): string[] {
  return parse(expr).diagnostics.map(formatDiagnostic);
}

const DEEP = 3 * STEP + 7;

describe('deep nesting (lezer stops at about 1,400 nested calls)', () => {
  it.each([
    ['calls', nest('abs(', 'up', ')', DEEP)],
    ['aggregations', nest('sum by (job) (', 'up', ')', DEEP)],
    ['parameters', nest('topk(1, ', 'up', ')', DEEP)],
    ['arguments', nest('clamp(', 'up', ', 0, 1)', DEEP)],
    ['subqueries', nest('max_over_time(', 'up', '[5m:])', DEEP)],
    ['parentheses around a range', `rate(${nest('(', 'up[5m]', ')', DEEP)})`],
    ['scalars', `vector(${nest('(', '1', ')', DEEP)})`],
    ['binary operators', nest('(1 + ', 'up', ')', DEEP)],
  ])('%s, %i levels, are valid', (_, expr) => {
    expect(check(expr)).toEqual([]);
  });

  it('finds a type error at the bottom, where it is', () => {
    const expr = nest('abs(', 'up[5m]', ')', DEEP);
    const at = expr.indexOf('up[5m]');
    expect(check(expr)).toEqual([
      `${at}-${at + 6} expected type instant vector in call to function "abs", got range vector`,
    ]);
  });

  it('checks the type of a deep group where it is used', () => {
    const inner = nest('(', 'up', ')', DEEP);
    const expr = `rate(${inner})`;
    expect(check(expr)).toEqual([
      `5-${5 + inner.length} expected type range vector in call to function "rate", got instant vector`,
    ]);
    expect(check(`sum(${nest('(', '"a"', ')', DEEP)})`)).toEqual([
      expect.stringContaining('expected type instant vector in aggregation expression, got string'),
    ]);
  });

  it('finds a syntax error deep down', () => {
    expect(check(nest('abs(', 'up{', ')', DEEP))).not.toEqual([]);
  });

  it('says so when nesting is too deep for it, instead of a misleading error or a stack overflow', () => {
    expect(check(`${'-'.repeat(5000)}up`)).toEqual([
      expect.stringContaining('expression nested 5000 deep: too deep for this validator'),
    ]);
  });
});

const promtool = promtoolVersion();

describe.skipIf(!promtool)(`deep nesting, checked against promtool ${promtool ?? ''}`, () => {
  it("gives promtool's verdict", () => {
    const exprs = [
      nest('abs(', 'up', ')', DEEP),
      nest('abs(', 'up[5m]', ')', DEEP),
      `rate(${nest('(', 'up', ')', DEEP)})`,
      `rate(${nest('(', 'up[5m]', ')', DEEP)})`,
      nest('sum(', 'rate(x[5m])', ') by (a)', DEEP),
      nest('clamp(', 'up', ', 0)', DEEP),
      nest('(1 > ', '1', ')', DEEP),
      nest('(1 > bool ', '1', ')', DEEP),
    ];
    const verdicts = checkWithPromtool(exprs);
    expect(exprs.map((expr) => !hasErrors(parse(expr).diagnostics))).toEqual(verdicts.map((v) => v.valid));
  });
});
