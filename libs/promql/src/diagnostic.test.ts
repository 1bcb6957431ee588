import { describe, expect, it } from 'vitest';
import { error, hasErrors, sortAndDedupe } from './diagnostic.ts';

describe('diagnostics', () => {
  it('sorts by position and drops repeats of the same message at the same place', () => {
    const a = error(5, 6, 'a');
    const b = error(0, 9, 'b');
    expect(sortAndDedupe([a, b, error(5, 6, 'a'), error(5, 6, 'c')])).toEqual([b, a, error(5, 6, 'c')]);
  });

  it.each([
    [[], false],
    [[{ ...error(0, 1, 'w'), severity: 'warning' as const }], false],
    [[error(0, 1, 'e')], true],
  ])('hasErrors(%j) is %s', (diagnostics, expected) => {
    expect(hasErrors(diagnostics)).toBe(expected);
  });
});
