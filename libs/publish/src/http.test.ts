import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTransport,
  GrafanaApiError,
  GrafanaAuthError,
  type AttemptEvent,
  type TransportOptions,
} from './http.ts';

const TOKEN = 'glsa_transport-test-token';
type Step = (req: IncomingMessage, res: ServerResponse) => void;
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const reset: Step = (req) => req.socket.destroy();
const silent: Step = () => undefined;

let stopServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopServer?.();
  stopServer = undefined;
});

/** A server answering request n with steps[n] (the last one repeats); returns its URL and what it saw. */
async function scripted(
  steps: Step[],
): Promise<{ url: string; seen: Array<{ method?: string; url?: string; authorization?: string }> }> {
  const seen: Array<{ method?: string; url?: string; authorization?: string }> = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => steps[Math.min(seen.length - 1, steps.length - 1)]!(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stopServer = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function transport(url: string, overrides: Partial<TransportOptions> = {}) {
  const attempts: AttemptEvent[] = [];
  const client = createTransport({
    url,
    token: TOKEN,
    timeoutMs: 2000,
    retry: { retries: 4, baseDelayMs: 10, maxDelayMs: 50 },
    random: () => 1,
    onAttempt: (a) => attempts.push(a),
    ...overrides,
  });
  return { client, attempts };
}

describe('createTransport', () => {
  it('sends the token as a Bearer header and JSON both ways', async () => {
    const server = await scripted([json(200, { ok: true })]);
    const response = await transport(server.url).client.request('POST', '/api/dashboards/db', {
      body: { a: 1 },
      query: { tag: ['x', 'y'], page: 2 },
    });
    expect(response).toEqual({ status: 200, body: { ok: true }, attempts: 1 });
    expect(server.seen[0]).toEqual({
      method: 'POST',
      url: '/api/dashboards/db?tag=x&tag=y&page=2',
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it('retries 5xx, dropped connections and timeouts, then succeeds', async () => {
    const server = await scripted([json(502, { message: 'bad gateway' }), reset, silent, json(200, { ok: 1 })]);
    const { client, attempts } = transport(server.url, { timeoutMs: 200 });
    const response = await client.request('GET', '/api/search');
    expect(response.attempts).toBe(4);
    expect(attempts.map((a) => a.outcome)).toEqual([
      502,
      expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET|network/),
      'timeout',
      200,
    ]);
  });

  it('honours Retry-After on 429', async () => {
    const server = await scripted([json(429, { message: 'slow down' }, { 'Retry-After': '1' }), json(200, {})]);
    const started = performance.now();
    await transport(server.url).client.request('GET', '/api/search');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not retry a client error, and says what Grafana said', async () => {
    const server = await scripted([
      json(412, { message: 'The dashboard has been changed by someone else', status: 'version-mismatch' }),
    ]);
    const error = await transport(server.url)
      .client.request('POST', '/api/dashboards/db', { body: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaApiError);
    expect(error).toMatchObject({
      status: 412,
      attempts: 1,
      message: 'POST /api/dashboards/db: 412 The dashboard has been changed by someone else',
    });
    expect(server.seen).toHaveLength(1);
  });

  it('fails fast on 401 and 403 with a message that names the cause, not the token', async () => {
    const server = await scripted([json(401, { message: 'invalid API key' })]);
    const error = (await transport(server.url)
      .client.request('GET', '/api/search')
      .catch((e: unknown) => e)) as GrafanaAuthError;
    expect(error).toBeInstanceOf(GrafanaAuthError);
    expect(error.message).toMatch(/rejected the token \(401 on GET \/api\/search\)/);
    expect(`${error.message} ${error.stack}`).not.toContain(TOKEN);
    expect(server.seen).toHaveLength(1);
  });

  it('gives up after the last retry, saying how often it tried', async () => {
    const server = await scripted([json(503, { message: 'unavailable' })]);
    const error = await transport(server.url, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 } })
      .client.request('GET', '/api/search')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 503,
      attempts: 3,
      message: 'GET /api/search: 503 unavailable (after 3 attempts)',
    });
  });

  it('stops at the deadline, even while waiting to retry', async () => {
    const server = await scripted([json(429, {}, { 'Retry-After': '30' })]);
    const stop = new AbortController();
    setTimeout(() => stop.abort(new Error('the --deadline of 0.3 s passed')), 300);
    const started = performance.now();
    const error = await transport(server.url, { signal: stop.signal })
      .client.request('GET', '/api/search')
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('the --deadline of 0.3 s passed');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
