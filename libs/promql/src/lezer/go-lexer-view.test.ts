import { describe, expect, it } from 'vitest';
import { asLezerReadsIt, nestingDepth } from './go-lexer-view.ts';

describe('the expression as lezer reads it', () => {
  it.each([
    ['5.', '5 '],
    ['histogram_quantile(1./6., x)', 'histogram_quantile(1 /6 , x)'],
    ['foo @ 3.', 'foo @ 3 '],
    ['5.5 + .5', '5.5 + .5'],
    ['5.m', '5.m'],
    ['x{a="5."} # 5.', 'x{a="5."} # 5.'],
    ['m5.', 'm5.'],
    ['foo[5s x 5s]', 'foo[5s : 5s]'],
    ['foo[5m x]', 'foo[5m :]'],
    ['foo[5m:1m x]', 'foo[5m:1m x]'],
    ['foo[5s xy]', 'foo[5s :y]'],
    ['rate(x[5m])', 'rate(x[5m])'],
  ])('%s', (expr, expected) => {
    const text = asLezerReadsIt(expr);
    expect(text).toBe(expected);
    expect(text.length).toBe(expr.length);
  });
});

describe('nesting depth', () => {
  it.each([
    ['up', 0],
    ['sum(rate(up[5m]))', 3],
    ['up{a="((("}', 1],
    ['((up)) # (((', 2],
  ])('%s', (expr, depth) => {
    expect(nestingDepth(expr)).toBe(depth);
  });
});
