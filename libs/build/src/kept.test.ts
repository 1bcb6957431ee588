import { describe, expect, it } from 'vitest';
import { keptBy, keptPer } from './kept.ts';

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
