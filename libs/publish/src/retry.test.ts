import { describe, expect, it } from 'vitest';
import { backoffDelayMs, isRetryableNetworkError, isRetryableStatus, retryAfterMs } from './retry.ts';

const policy = { retries: 5, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoffDelayMs', () => {
  it('waits up to a ceiling that doubles per attempt, capped', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, policy, () => 0.999999))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
  });

  it('is fully jittered: anywhere from 0 to the ceiling', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    ['Thu, 01 Jan 2026 00:00:02 GMT', 2000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s -> %s', (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });
});

describe('what is retried', () => {
  it.each([
    [429, true],
    [408, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [412, false],
  ])('status %i: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  it('dropped and refused connections, by the code undici puts in `cause`', () => {
    expect(
      isRetryableNetworkError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })),
    ).toBe(true);
    expect(
      isRetryableNetworkError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } })),
    ).toBe(true);
    expect(isRetryableNetworkError(new TypeError('fetch failed'))).toBe(true);
    expect(
      isRetryableNetworkError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ERR_INVALID_URL' } })),
    ).toBe(false);
    expect(isRetryableNetworkError(new SyntaxError('Unexpected token'))).toBe(false);
  });
});
