// For tests only: Prometheus' own printer (Prometheus 2.42 serves POST /api/v1/format_query), for
// comparing expressions as the Go parser reads them.
import { startPrometheus, type RunningServer } from '@plotwatch/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FormatExpr } from './normalize.ts';

export interface GoPrinter {
  readonly format: FormatExpr;
  stop(): Promise<void>;
}

/** A real Prometheus (no targets, no rules) whose format_query prints expressions; answers are cached. */
export async function startGoPrinter(): Promise<GoPrinter> {
  const dir = await mkdtemp(join(tmpdir(), 'plotwatch-import-printer-'));
  let server: RunningServer;
  try {
    server = await startPrometheus({ dir, ruleFiles: new Map(), scrapeTargets: [], interval: '1m' });
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const cache = new Map<string, Promise<string>>();
  const format: FormatExpr = (expr) => {
    let printed = cache.get(expr);
    if (!printed) {
      printed = fetch(`${server.url}/api/v1/format_query`, {
        method: 'POST',
        body: new URLSearchParams({ query: expr }),
      }).then(async (response) => {
        const body = (await response.json()) as { status: string; data?: string; error?: string };
        if (body.status !== 'success') throw new Error(`format_query: ${body.error ?? response.status}: ${expr}`);
        return body.data!;
      });
      cache.set(expr, printed);
    }
    return printed;
  };
  return {
    format,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
