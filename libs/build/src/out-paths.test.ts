import { describe, expect, it } from 'vitest';
import { relativePath, stem } from './out-paths.ts';

describe('out/ paths', () => {
  it.each([
    ['prometheus/tests/ai', 'prometheus/rules/alerts-ai.yaml', '../../rules/alerts-ai.yaml'],
    ['prometheus/tests/mimir/inkwell', 'mimir/inkwell/plotwatch.yaml', '../../../../mimir/inkwell/plotwatch.yaml'],
    ['prometheus/tests/mimir/inkwell', 'prometheus/tests/mimir/inkwell/x.yaml', 'x.yaml'],
    ['a/b', 'a/b/c/d', 'c/d'],
    ['a/b', 'a/c', '../c'],
    ['a', 'b', '../b'],
  ])('from %s to %s is %s', (from, to, expected) => {
    expect(relativePath(from, to)).toBe(expected);
  });

  it('takes the stem of a file name', () => {
    expect(stem('prometheus/rules/capacity.yaml', '.yaml')).toBe('capacity');
    expect(stem('mimir/inkwell/plotwatch-alerts-ai.yaml', '.yaml')).toBe('plotwatch-alerts-ai');
  });
});
