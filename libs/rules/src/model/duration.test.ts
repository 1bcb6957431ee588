import { describe, expect, it } from 'vitest';
import { duration, seconds } from './duration.ts';

describe('durations', () => {
  it('are written as Prometheus reads them', () => {
    expect([duration(0), duration(90), duration(93_600), duration(seconds('3w2h'))]).toEqual([
      '0s',
      '1m30s',
      '1d2h',
      '21d2h',
    ]);
    expect(() => seconds('1 hour')).toThrow(/not a Prometheus duration/);
  });
});
