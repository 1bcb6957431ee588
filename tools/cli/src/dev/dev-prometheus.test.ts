import {
  FIXTURE_TENANTS_DIR,
  sleep,
  startExporter,
  startPrometheus,
  writeTree,
  type LocalHttpServer,
  type RunningServer,
} from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dev } from './command.ts';

/**
 * `plotwatch dev --once` of one fixture tenant into `out`, in this process (its build still runs in
 * the build process it starts): these test what it prints and what it leaves running, not the
 * executable. Its lines through an io of its own (two run at once), the SIGINT and SIGTERM handlers
 * it sets taken off again (this worker must still end when told to).
 */
async function devOnce(out: string, ...args: string[]): Promise<{ ok: boolean; output: string }> {
  const lines: string[] = [];
  const io = { print: (line: string) => void lines.push(line), warn: (line: string) => void lines.push(line) };
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = signals.map((s) => process.listeners(s));
  try {
    const code = await dev(
      ['--once', '--out', out, '--tenants-dir', FIXTURE_TENANTS_DIR, '--tenant', 'aurora-books', ...args],
      io,
    );
    return { ok: code === 0, output: lines.map((l) => `${l}\n`).join('') };
  } finally {
    signals.forEach((s, i) =>
      process.listeners(s).forEach((l) => before[i]!.includes(l) || process.removeListener(s, l)),
    );
  }
}

// The two describes run at once (describe.concurrent): each mostly waits, on scrapes and on the
// demo's Prometheus, and they share nothing.

// `plotwatch dev --prometheus` against a real Prometheus that has one metric of the fleet dashboard.
describe.concurrent('plotwatch dev --prometheus', { timeout: 120_000 }, () => {
  let dir: string;
  let exporter: LocalHttpServer;
  let prometheus: RunningServer;

  beforeAll(async () => {
    dir = await writeTree([]);
    exporter = await startExporter('model_drift_score{model="m",tenant="aurora-books"} 0.1\n');
    prometheus = await startPrometheus({
      dir,
      ruleFiles: new Map(),
      scrapeTargets: [exporter.hostPort],
      interval: '1s',
    });
    for (let i = 0; i < 30; i++) {
      const body = (await (await fetch(`${prometheus.url}/api/v1/query?query=model_drift_score`)).json()) as {
        data: { result: unknown[] };
      };
      if (body.data.result.length) break;
      await sleep(500);
    }
  }, 60_000);
  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs each query of the changed dashboards once and names the panels without data', async () => {
    const { ok, output } = await devOnce(join(dir, 'out'), '--prometheus', prometheus.url);
    expect(ok, output).toBe(true);
    const empty = output.split('\n').filter((l) => l.includes(': no data for '));
    expect(empty).toContainEqual(
      expect.stringMatching(/^platform-ml-fleet, panel "Inference latency p95 by model and provider": no data for /),
    );
    expect(empty.filter((l) => l.includes('panel "Drift score by model"'))).toEqual([]);
    // Template variables are replaced before the query is sent.
    expect(empty.filter((l) => l.includes('$'))).toEqual([]);
    expect(output).toMatch(new RegExp(`-> .*, ${empty.length} panels without data, in \\d+\\.\\d\\ds; done$`, 'm'));
  });
});

// `--demo`: narrative-sim and a Prometheus of its own, evaluating out/'s rules, stopped on exit.
describe.concurrent('plotwatch dev --demo', { timeout: 120_000 }, () => {
  it('probes the demo platform: raw and recorded series have data; Prometheus is gone afterwards', async () => {
    const dir = await writeTree([]);
    try {
      const { ok, output } = await devOnce(join(dir, 'out'), '--demo');
      expect(ok, output).toBe(true);
      const url = /Prometheus at (http:\/\/\S+)/.exec(output)?.[1];
      expect(url, output).toBeDefined();
      const empty = output.split('\n').filter((l) => l.includes(': no data for '));
      // A raw series, and one a recording rule of out/ records.
      expect(empty.filter((l) => /panel "(Drift score by model|Cost per hour)"/.test(l))).toEqual([]);
      expect(output).toMatch(
        /-> (\d+) of \1 units rebuilt, .*, (\d+ panels? without data|every changed panel has data), in/,
      );
      await expect(fetch(`${url}/-/ready`)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
