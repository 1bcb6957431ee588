import { relative } from 'node:path/posix';
import { describe, expect, it } from 'vitest';
import { relativePath, stem } from './out-paths.ts';

describe('out/ paths', () => {
  it.each([
    ['prometheus/tests/ai', 'prometheus/rules/alerts-ai.yaml'],
    ['prometheus/tests/mimir/inkwell', 'mimir/inkwell/plotwatch.yaml'],
    ['prometheus/tests/mimir/inkwell', 'prometheus/tests/mimir/inkwell/x.yaml'],
    ['a/b', 'a/b/c/d'],
    ['a', 'b'],
  ])('from %s to %s as node:path/posix says', (from, to) => {
    expect(relativePath(from, to)).toBe(relative(from, to));
  });

  it('takes the stem of a file name', () => {
    expect(stem('prometheus/rules/capacity.yaml', '.yaml')).toBe('capacity');
    expect(stem('mimir/inkwell/plotwatch-alerts-ai.yaml', '.yaml')).toBe('plotwatch-alerts-ai');
  });
});
