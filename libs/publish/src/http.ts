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
  /** The largest answer read (default `MAX_BODY_BYTES`): a bigger one fails instead of filling memory. */
  readonly maxBodyBytes?: number;
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
 * Grafana's largest answers (a page of 5,000 search hits, a big dashboard) are a few MiB; one far
 * beyond that is not Grafana's, and is not read whole.
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * A JSON client for Grafana's HTTP API that retries what is worth retrying: 429 (honouring
 * Retry-After), 408, 5xx, timeouts and dropped connections, with exponential backoff and full
 * jitter, never past the caller's deadline. Other 4xx fail at once. Redirects are not followed (the
 * token goes to `url`'s host and port only), an answer that is not JSON or too big fails naming
 * what came, and the token is cut out of anything the server echoes into a message.
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
        const response = await fetch(url, {
          method,
          headers: requestHeaders,
          body,
          signal: limit.signal,
          redirect: 'manual',
        });
        if (response.status >= 300 && response.status < 400) {
          await response.body?.cancel();
          options.onAttempt?.({ method, path, attempt, outcome: response.status });
          throw new GrafanaApiError(method, path, response.status, redirectReason(response, root), attempt);
        }
        const text = await readText(response, options.maxBodyBytes ?? MAX_BODY_BYTES, method, path, attempt);
        options.onAttempt?.({ method, path, attempt, outcome: response.status });
        if (response.ok)
          return {
            status: response.status,
            body: parseJson<T>(text, response, method, path, attempt),
            attempts: attempt,
          };
        const reason = redact(grafanaMessage(text) ?? (response.statusText || 'error'), options.token);
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

/** Where a redirect points, said without following it: the token is for `root`'s host alone. */
function redirectReason(response: Response, root: string): string {
  const location = response.headers.get('location');
  const target = location ? new URL(location, `${root}/`) : undefined;
  const where = target ? `${target.protocol}//${target.host}${target.pathname}` : 'somewhere it does not say';
  return `answered with a redirect to ${where}, which is not followed (the token is sent to --url alone): give --url the address Grafana is served at`;
}

/** The body as text, at most `max` bytes: a larger one is cancelled and fails. */
async function readText(
  response: Response,
  max: number,
  method: string,
  path: string,
  attempt: number,
): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const tooBig = () =>
    new GrafanaApiError(
      method,
      path,
      response.status,
      `the answer is larger than ${max / 1024 / 1024} MiB, more than Grafana sends: is --url Grafana?`,
      attempt,
    );
  if (declared > max) {
    await response.body?.cancel();
    throw tooBig();
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooBig();
    }
    chunks.push(read.value);
  }
  const all = new Uint8Array(size);
  chunks.reduce((at, chunk) => (all.set(chunk, at), at + chunk.byteLength), 0);
  return new TextDecoder().decode(all);
}

/** A 2xx answer's JSON; one that is not JSON (an HTML page of a proxy) fails, saying what came instead. */
function parseJson<T>(text: string, response: Response, method: string, path: string, attempt: number): T {
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    const type = response.headers.get('content-type')?.split(';')[0] ?? 'no content type';
    throw new GrafanaApiError(
      method,
      path,
      response.status,
      `the answer is not JSON (${type}, ${text.length} characters): is --url Grafana's root URL?`,
      attempt,
    );
  }
}

/** A server may echo the request's Authorization header into an error: never pass the token on. */
function redact(text: string, token: string): string {
  return token ? text.split(token).join('[redacted]') : text;
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
