import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGrafanaClient } from './grafana-client.ts';
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

describe('createTransport against hostile answers', () => {
  const failure = (url: string, overrides: Partial<TransportOptions> = {}): Promise<Error> =>
    transport(url, { retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 }, ...overrides })
      .client.request('GET', '/api/search')
      .then(
        () => new Error('expected the request to fail'),
        (e: unknown) => e as Error,
      );
  const html =
    (status: number): Step =>
    (_req, res) => {
      res.writeHead(status, { 'Content-Type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>');
    };

  it('a 200 that is not JSON fails at once, saying what came', async () => {
    const server = await scripted([
      (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>'),
    ]);
    expect((await failure(server.url)).message).toBe(
      "GET /api/search: 200 the answer is not JSON (text/html, 18 characters): is --url Grafana's root URL?",
    );
    expect(server.seen).toHaveLength(1);
  });

  it('an HTML 502 page of a proxy is retried, then said by its status, the page not shown', async () => {
    const server = await scripted([html(502)]);
    const error = await failure(server.url);
    expect(error.message).toBe('GET /api/search: 502 Bad Gateway (after 2 attempts)');
    expect(server.seen).toHaveLength(2);
  });

  it('a connection reset in the middle of the body is retried like a dropped connection', async () => {
    const server = await scripted([
      (req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('{"partial": ');
        setTimeout(() => req.socket.destroy(), 20);
      },
      json(200, { ok: true }),
    ]);
    const response = await transport(server.url).client.request('GET', '/api/search');
    expect(response).toEqual({ status: 200, body: { ok: true }, attempts: 2 });
  });

  it('a 50 MB answer is not read whole: it fails, naming the limit', async () => {
    const chunk = 'x'.repeat(1024 * 1024);
    const server = await scripted([
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        let sent = 0;
        const more = () => {
          while (sent < 50 && res.write(chunk)) sent++;
          if (sent < 50) res.once('drain', () => (sent++, more()));
          else res.end();
        };
        more();
      },
    ]);
    const error = await failure(server.url);
    expect(error.message).toBe(
      'GET /api/search: 200 the answer is larger than 32 MiB, more than Grafana sends: is --url Grafana?',
    );
  });

  it('a slow answer times out per request', async () => {
    const server = await scripted([silent]);
    const started = performance.now();
    const error = await failure(server.url, { timeoutMs: 150 });
    expect(error.message).toBe('GET /api/search: no answer within 150 ms (after 2 attempts)');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a redirect to another host or port is not followed: the token never leaves --url', async () => {
    const elsewhere = await scriptedElsewhere();
    const server = await scripted([
      (_req, res) => res.writeHead(302, { Location: `${elsewhere.url}/api/search` }).end(),
    ]);
    const error = await failure(server.url);
    expect(error.message).toBe(
      `GET /api/search: 302 answered with a redirect to ${elsewhere.url}/api/search, which is not followed (the token is sent to --url alone): give --url the address Grafana is served at`,
    );
    expect(elsewhere.seen).toEqual([]);
    await elsewhere.stop();
  });

  it('a 200 of the wrong shape is said by the client, naming the endpoint and what came', async () => {
    const server = await scripted([json(200, { dashboards: [], total: 0 })]);
    const error = await createGrafanaClient(transport(server.url).client)
      .searchDashboards()
      .catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe(
      'GET /api/search: 200 the answer is not the list this API returns (got an object with dashboards, total): is --url a Grafana plotwatch supports?',
    );
  });

  it('an error body that echoes the Authorization header never carries the token on', async () => {
    const server = await scripted([
      (req, res) =>
        res
          .writeHead(400, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ message: `bad header: ${req.headers.authorization}` })),
    ]);
    const error = await failure(server.url);
    expect(error.message).toBe('GET /api/search: 400 bad header: Bearer [redacted]');
    expect(`${error.message} ${error.stack}`).not.toContain(TOKEN);
  });
});

/** A second server, to see whether anything reaches it. */
async function scriptedElsewhere(): Promise<{ url: string; seen: string[]; stop: () => Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
