import { describe, expect, it } from 'vitest';
import { substituteVariables, validateQuery } from './template.ts';

describe('substituteVariables', () => {
  it.each([
    [
      'rate(x{tenant="$tenant"}[$__rate_interval])',
      'rate(x{tenant="tenant"}[5m])',
      ['tenant:string', '__rate_interval:duration'],
    ],
    [
      'rate(x{tenant=~"${tenant:regex}"}[${window}])',
      'rate(x{tenant=~"tenant"}[5m])',
      ['tenant:string', 'window:duration'],
    ],
    ['sum(x{a="[[a]]"}) offset [[shift]]', 'sum(x{a="a"}) offset 5m', ['a:string', 'shift:duration']],
    ['increase(x[$__range]) / $__range_s', 'increase(x[5m]) / 300', ['__range:duration', '__range_s:number']],
    ['max_over_time(x[$__range:$__interval])', 'max_over_time(x[5m:5m])', ['__range:duration', '__interval:duration']],
    ['sum by ($group) (x) / on(${group}) y', 'sum by (group) (x) / on(group) y', ['group:label', 'group:label']],
    ['rate($metric[5m]) > $threshold', 'rate(metric[5m]) > 300', ['metric:metric', 'threshold:number']],
    ['topk($k, x) and $other', 'topk(300, x) and other', ['k:number', 'other:metric']],
    ['x @ ${__to:date:seconds}', 'x @ 300', ['__to:number']],
    ['x{a=~"$__interval"}', 'x{a=~"__interval"}', ['__interval:string']],
    ['x{job="a\\"$b"}', 'x{job="a\\"b"}', ['b:string']],
    ['label_replace(x, "dst", "$1", "src", "(.*)")', 'label_replace(x, "dst", "$1", "src", "(.*)")', []],
    ['x # $commented\n + $y', 'x # commented\n + 300', ['commented:metric', 'y:number']],
  ])('%s', (query, text, contexts) => {
    const substitution = substituteVariables(query);
    expect(substitution.text).toBe(text);
    expect(substitution.variables.map((v) => `${v.name}:${v.context}`)).toEqual(contexts);
  });

  it('uses values given for variables', () => {
    expect(substituteVariables('x > $threshold', { values: { threshold: '0.95' } }).text).toBe('x > 0.95');
  });

  it('records each variable with its place, format and stand-in', () => {
    expect(substituteVariables('x{a=~"${tenant:regex}"}').variables).toEqual([
      { name: 'tenant', format: 'regex', from: 6, to: 21, context: 'string', replacement: 'tenant' },
    ]);
  });

  describe('maps offsets back to the query', () => {
    const query = 'rate(x[$__rate_interval]) + y';
    const substitution = substituteVariables(query); // rate(x[5m]) + y
    it.each([
      [0, 0, 'before any variable'],
      [7, 7, 'the start of a variable'],
      [8, 8, 'inside a stand-in'],
      [9, 23, 'the end of a variable'],
      [10, 24, 'after a variable'],
      [14, 28, 'further on'],
    ])('%i -> %i (%s)', (offset, original) => {
      expect(substitution.toOriginal(offset)).toBe(original);
    });
  });
});

describe('validateQuery', () => {
  it.each([
    ['sum(rate(x{tenant="$tenant"}[$__rate_interval])) by (${group})', []],
    ['rate(x{tenant="$tenant"}[$__rate_interval]) +', ['45-45 unexpected end of input']],
    ['rate($metric)', ['5-12 expected type range vector in call to function "rate", got instant vector']],
    ['x / $__interval', ['4-15 unexpected duration "5m"']],
    ['x[$__range_s]', ['2-12 missing unit character in duration "300"']],
  ])('%s', (query, expected) => {
    expect(validateQuery(query).map((d) => `${d.from}-${d.to} ${d.message}`)).toEqual(expected);
  });
});
