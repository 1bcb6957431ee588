import { describe, expect, it } from 'vitest';
import { keptBy, keptJson, keptPer } from './kept.ts';

describe('keptBy', () => {
  it('makes each key once, and starts afresh when full', () => {
    const made: string[] = [];
    const kept = keptBy<string, string>(2);
    const get = (key: string) => kept(key, () => (made.push(key), key.toUpperCase()));
    expect([get('a'), get('b'), get('a')]).toEqual(['A', 'B', 'A']);
    expect(made).toEqual(['a', 'b']);
    // Full: the third key drops the others, which are made again when asked for.
    expect([get('c'), get('a')]).toEqual(['C', 'A']);
    expect(made).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('keptPer', () => {
  it('makes once per key object, and again for another object that is equal', () => {
    const made: object[] = [];
    const kept = keptPer((key: { n: number }) => (made.push(key), { twice: key.n * 2 }));
    const a = { n: 1 };
    expect(kept(a)).toBe(kept(a));
    expect(kept({ n: 1 })).toEqual({ twice: 2 });
    expect(made).toEqual([a, { n: 1 }]);
  });
});

describe('keptJson', () => {
  const shared = { name: 'ops "pager"\n', matchers: [['tenant', '=', 'a']], empty: {}, none: [] };
  const value = {
    2: 'an integer-like key first',
    routes: [shared, { routes: [shared, null, undefined, () => 1], skipped: undefined, fn: () => 1 }],
    numbers: [0, -1.5, 1e21, NaN, Infinity],
    texts: ['é 📚 \u2028', '\t', ''],
    at: new Date(0),
    boxed: [new String('s'), new Number(1), new Boolean(false)],
    flags: { on: true, off: false, nothing: null },
  };

  it('writes what JSON.stringify writes with two spaces, and again from what it kept', () => {
    expect(keptJson(value)).toBe(JSON.stringify(value, null, 2));
    // A subtree kept at one depth, written at another.
    expect(keptJson({ deeper: { still: value } })).toBe(JSON.stringify({ deeper: { still: value } }, null, 2));
    expect(keptJson([])).toBe('[]');
    expect(keptJson(shared)).toBe(JSON.stringify(shared, null, 2));
  });
});
