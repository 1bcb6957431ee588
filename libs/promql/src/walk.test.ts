import { describe, expect, it } from 'vitest';
import { parse } from './parser.ts';
import { walk } from './walk.ts';

describe('walk', () => {
  describe('selectors', () => {
    it.each([
      [
        'http_requests_total',
        { metric: 'http_requests_total', matchers: [], range: undefined, offset: undefined, at: undefined },
      ],
      ['{__name__="up", job="x"}', { metric: 'up', range: undefined }],
      ['{__name__=~"up|down"}', { metric: undefined }],
      ['x[5m]', { metric: 'x', range: '5m' }],
      ['x offset -1h', { offset: '-1h' }],
      ['x[5m] @ start() offset 1d', { range: '5m', at: 'start()', offset: '1d' }],
      ['x @ 1609746000', { at: '1609746000' }],
    ])('%s', (expr, expected) => {
      expect(walk(expr).selectors).toEqual([expect.objectContaining(expected)]);
    });

    it('reads every kind of label matcher, with positions', () => {
      const expr = `x{a="1", b!="2", c=~"3|4", d!~'5', e=\`6\`}`;
      expect(walk(expr).selectors[0]?.matchers).toEqual([
        { label: 'a', op: '=', value: '1', from: 2, to: 7 },
        { label: 'b', op: '!=', value: '2', from: 9, to: 15 },
        { label: 'c', op: '=~', value: '3|4', from: 17, to: 25 },
        { label: 'd', op: '!~', value: '5', from: 27, to: 33 },
        { label: 'e', op: '=', value: '6', from: 35, to: 40 },
      ]);
    });

    it('unescapes matcher values', () => {
      expect(walk('x{path="a\\"b\\\\c"}').selectors[0]?.matchers[0]?.value).toBe('a"b\\c');
    });

    it('gives offset and @ to the operand the Go parser gives them to, not to the whole operation', () => {
      const [left, right] = walk('x - x offset 1d @ 100').selectors;
      expect([left?.offset, left?.at, right?.offset, right?.at]).toEqual([undefined, undefined, '1d', '100']);
    });

    it.each([
      ['rate(x[5m])', { kind: 'function', name: 'rate', argumentIndex: 0 }],
      ['rate((x[5m] offset 1h))', { kind: 'function', name: 'rate', argumentIndex: 0 }],
      ['histogram_quantile(0.9, x)', { kind: 'function', name: 'histogram_quantile', argumentIndex: 1 }],
      ['SUM(x)', { kind: 'aggregation', name: 'sum', argumentIndex: 0 }],
      ['x + 1', undefined],
      ['max_over_time(x[5m:])', undefined],
    ])('%s: the selector is an argument of %j', (expr, argumentOf) => {
      expect(walk(expr).selectors[0]?.argumentOf).toEqual(argumentOf);
    });

    it('lists selectors in text order with their positions', () => {
      expect(walk('a / on(x) b{c="d"}').selectors.map((s) => [s.metric, s.from, s.to])).toEqual([
        ['a', 0, 1],
        ['b', 10, 18],
      ]);
    });
  });

  it.each([
    ['rate(x[5m])', [{ name: 'rate', argumentCount: 1, from: 0, to: 11 }]],
    [
      'round(abs(x), 0.1)',
      [
        { name: 'round', argumentCount: 2, from: 0, to: 18 },
        { name: 'abs', argumentCount: 1, from: 6, to: 12 },
      ],
    ],
    ['time()', [{ name: 'time', argumentCount: 0, from: 0, to: 6 }]],
  ])('functions of %s', (expr, functions) => {
    expect(walk(expr).functions).toEqual(functions);
  });

  it.each([
    ['sum(x)', { op: 'sum', grouping: undefined, parameter: undefined }],
    ['sum by (a, b) (x)', { op: 'sum', grouping: { mode: 'by', labels: ['a', 'b'] } }],
    ['avg(x) WITHOUT (instance)', { op: 'avg', grouping: { mode: 'without', labels: ['instance'] } }],
    ['topk(5, x)', { op: 'topk', parameter: '5' }],
    ['quantile by (job) (0.99, x)', { op: 'quantile', parameter: '0.99', grouping: { mode: 'by', labels: ['job'] } }],
    ['count_values("version", x)', { op: 'count_values', parameter: '"version"' }],
  ])('aggregation of %s', (expr, expected) => {
    expect(walk(expr).aggregations).toEqual([expect.objectContaining(expected)]);
  });

  it.each([
    ['a + b', { op: '+', bool: false, matching: undefined }],
    ['a > bool 1', { op: '>', bool: true }],
    ['a AND b', { op: 'and' }],
    ['a atan2 b', { op: 'atan2' }],
    ['a / on(job) b', { matching: { mode: 'on', labels: ['job'], group: undefined } }],
    [
      'a * ignoring(x, y) group_left(team) b',
      { matching: { mode: 'ignoring', labels: ['x', 'y'], group: { side: 'left', labels: ['team'] } } },
    ],
    ['a - on() group_right b', { matching: { mode: 'on', labels: [], group: { side: 'right', labels: [] } } }],
    ['a # why\n + b', { op: '+' }],
  ])('binary operation of %s', (expr, expected) => {
    expect(walk(expr).binaryOperations).toEqual([expect.objectContaining(expected)]);
  });

  it.each([
    ['x[1h:5m]', { range: '1h', step: '5m', offset: undefined, at: undefined }],
    [
      'max_over_time(rate(x[5m])[1h:]) ',
      { range: '1h', step: undefined, argumentOf: { kind: 'function', name: 'max_over_time', argumentIndex: 0 } },
    ],
    ['x[1h:] offset 1d @ end()', { offset: '1d', at: 'end()' }],
  ])('subquery of %s', (expr, expected) => {
    expect(walk(expr).subqueries).toEqual([expect.objectContaining(expected)]);
  });

  it('walks a tree it is given', () => {
    expect(walk('up', parse('up').tree).selectors.map((s) => s.metric)).toEqual(['up']);
  });
});
