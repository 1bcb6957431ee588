import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1d2h', 93_600_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
    ['500ms', 500],
    ['1m30s500ms', 90_500],
    ['0s', 0],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '1.5m', '30m1h', '5M', '1h1h', 'm', '-5m', ' 5m'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
