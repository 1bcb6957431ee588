import type { ErrorResponseBody } from './grafana-types.ts';
import {
  backoffDelayMs,
  isRetryableNetworkError,
  isRetryableStatus,
  networkErrorCode,
  retryAfterMs,
  type RetryPolicy,
} from './retry.ts';

export interface TransportOptions {
  /** Grafana's root URL (`https://grafana.example.com`, or with a sub-path); API paths go below it. */
  readonly url: string;
  /** Sent as `Authorization: Bearer …` and nowhere else: never in a message, an error or a log. */
  readonly token: string;
  /** One attempt's limit; a timed-out attempt is retried. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  /** Aborts everything (the overall deadline, or a fatal error elsewhere); its reason is what callers see. */
  readonly signal?: AbortSignal;
  readonly random?: () => number;
  /** Every attempt, for counting requests and showing retries. */
  readonly onAttempt?: (event: AttemptEvent) => void;
}

export interface AttemptEvent {
  readonly method: string;
  readonly path: string;
  readonly attempt: number;
  /** The HTTP status, or what went wrong (`timeout`, `ECONNRESET`). */
  readonly outcome: number | string;
}

export type Query = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

export interface ApiResponse<T> {
  readonly status: number;
  readonly body: T;
  /** How many attempts it took: more than one means an earlier one may have been applied already. */
  readonly attempts: number;
}

export interface Transport {
  request<T>(method: string, path: string, init?: { query?: Query; body?: unknown }): Promise<ApiResponse<T>>;
}

/** Grafana answered with an error status, or never answered after every retry. */
export class GrafanaApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    /** Undefined when no response came back at all. */
    readonly status: number | undefined,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(
      `${method} ${path}: ${status ? `${status} ` : ''}${reason}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`,
    );
    this.name = 'GrafanaApiError';
  }
}

/** 401 or 403: retrying cannot help, and neither can any other request with the same token. */
export class GrafanaAuthError extends GrafanaApiError {
  constructor(method: string, path: string, status: 401 | 403, reason: string, attempts: number) {
    super(method, path, status, reason, attempts);
    this.name = 'GrafanaAuthError';
    this.message =
      status === 401
        ? `Grafana rejected the token (401 on ${method} ${path}): check --token-env / --token-file and that the token has not expired`
        : `the token may not do this (403 on ${method} ${path}: ${reason}); publishing needs a service account with the Admin role (or folders, dashboards, teams and alerting write permissions)`;
  }
}

/**
 * A JSON client for Grafana's HTTP API that retries what is worth retrying: 429 (honouring
 * Retry-After), 408, 5xx, timeouts and dropped connections, with exponential backoff and full
 * jitter, never past the caller's deadline. Other 4xx fail at once.
 */
export function createTransport(options: TransportOptions): Transport {
  const root = options.url.replace(/\/+$/, '');
  const random = options.random ?? Math.random;
  const headers = {
    Authorization: `Bearer ${options.token}`,
    Accept: 'application/json',
    'User-Agent': 'plotwatch-publish',
  };

  async function request<T>(
    method: string,
    path: string,
    init: { query?: Query; body?: unknown } = {},
  ): Promise<ApiResponse<T>> {
    const url = `${root}${path}${queryString(init.query)}`;
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const requestHeaders = body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' };
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(options.signal);
      let waitMs: number;
      const limit = attemptSignal(options.signal, options.timeoutMs);
      try {
        const response = await fetch(url, { method, headers: requestHeaders, body, signal: limit.signal });
        const text = await response.text();
        options.onAttempt?.({ method, path, attempt, outcome: response.status });
        if (response.ok)
          return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, attempts: attempt };
        const reason = grafanaMessage(text) ?? (response.statusText || 'error');
        if (response.status === 401 || response.status === 403)
          throw new GrafanaAuthError(method, path, response.status, reason, attempt);
        if (!isRetryableStatus(response.status) || attempt > options.retry.retries)
          throw new GrafanaApiError(method, path, response.status, reason, attempt);
        waitMs =
          retryAfterMs(response.headers.get('retry-after'), Date.now()) ??
          backoffDelayMs(attempt, options.retry, random);
      } catch (error) {
        if (error instanceof GrafanaApiError) throw error;
        throwIfAborted(options.signal);
        const timedOut = (error as Error).name === 'TimeoutError';
        const reason = timedOut
          ? `no answer within ${options.timeoutMs} ms`
          : `connection failed (${networkErrorCode(error) ?? (error as Error).message})`;
        options.onAttempt?.({
          method,
          path,
          attempt,
          outcome: timedOut ? 'timeout' : (networkErrorCode(error) ?? 'network error'),
        });
        if (!(timedOut || isRetryableNetworkError(error)) || attempt > options.retry.retries)
          throw new GrafanaApiError(method, path, undefined, reason, attempt);
        waitMs = backoffDelayMs(attempt, options.retry, random);
      } finally {
        limit.release();
      }
      await sleep(waitMs, options.signal);
    }
  }

  return { request };
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Grafana's error bodies are `{ "message": … }`; anything else is not shown (it could be a whole HTML page). */
function grafanaMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as Partial<ErrorResponseBody> & { msg?: string };
    return body.message ?? body.msg;
  } catch {
    return undefined;
  }
}

/**
 * One attempt's signal: aborted after `timeoutMs` (a `TimeoutError`) or with `parent`. Released
 * after the attempt, so that thousands of requests leave no listener on the long-lived parent.
 */
function attemptSignal(
  parent: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  const onAbort = () => controller.abort(parent!.reason);
  parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
