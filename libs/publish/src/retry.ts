/** When and how long to wait before trying a request again: pure, so the policy is tested without a clock. */

export interface RetryPolicy {
  /** Extra attempts after the first. */
  readonly retries: number;
  /** The first backoff ceiling; it doubles with each attempt up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 6, baseDelayMs: 200, maxDelayMs: 10_000 };

/**
 * Exponential backoff with full jitter (a uniform wait between 0 and the ceiling): clients that
 * failed together do not come back together. `attempt` counts from 1 for the first retry.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Worth another try: throttling (429), a request timeout (408) and server-side failures (5xx). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** The error code of a failed `fetch` (undici wraps it in `cause`), e.g. `ECONNRESET`. */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A dropped or refused connection: the request may be sent again. `fetch failed` without a code is one too. */
export function isRetryableNetworkError(error: unknown): boolean {
  const code = networkErrorCode(error);
  if (code) return RETRYABLE_NETWORK_CODES.has(code);
  return error instanceof TypeError && error.message === 'fetch failed';
}
