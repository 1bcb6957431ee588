import { serveLocally } from './ports.ts';
import { sleep } from './server.ts';

/** One POST a listener received. */
export interface Received {
  readonly path: string;
  readonly body: unknown;
}

export interface WebhookListener {
  /** The URL that records what is posted to it under `path` (e.g. one path per receiver). */
  urlFor(path: string): string;
  received(): readonly Received[];
  /** Resolves once `done(received)` holds; rejects after `timeoutMs`, listing what did arrive. */
  waitUntil(done: (received: readonly Received[]) => boolean, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Stands in for Slack, PagerDuty, webhooks and mail: answers 200 to every POST and keeps its JSON body. */
export async function startWebhookListener(): Promise<WebhookListener> {
  const received: Received[] = [];
  const server = await serveLocally((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: parseJson(body) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return {
    urlFor: (path) => `${server.url}/${path.replace(/^\//, '')}`,
    received: () => [...received],
    waitUntil: async (done, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (!done(received)) {
        if (Date.now() > deadline)
          throw new Error(
            `webhooks: not done after ${timeoutMs} ms; received ${JSON.stringify(received.map((r) => r.path))}`,
          );
        await sleep(50);
      }
    },
    stop: server.stop,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
