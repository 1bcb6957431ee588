import { startSim } from '@plotwatch/narrative-sim';
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** The demo platform and a Prometheus scraping it, evaluating the rules of out/. */
export interface Demo {
  readonly prometheusUrl: string;
  /**
   * Makes Prometheus take out/'s rule files again (after a build), and waits (at most 10 s) until
   * each group has been evaluated once since.
   */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const INTERVAL = '5s';

/**
 * Starts narrative-sim for `tenants` and a local Prometheus (the `prometheus` on PATH, as the e2e
 * suites use) that scrapes it every 5 s and evaluates out/'s rule files (`reload`); its data and
 * configuration live in `dir`, emptied first.
 */
export async function startDemo(tenants: readonly string[], outDir: string, dir: string): Promise<Demo> {
  const sim = await startSim(tenants);
  try {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const config = join(dir, 'prometheus.yaml');
    await writeFile(
      config,
      stringify({
        global: { scrape_interval: INTERVAL, evaluation_interval: INTERVAL },
        rule_files: [join(dir, 'rules/*.yaml')],
        scrape_configs: [
          { job_name: 'narrative-sim', honor_labels: true, static_configs: [{ targets: [new URL(sim.url).host] }] },
        ],
      }),
    );
    const url = `http://127.0.0.1:${await freePort()}`;
    const prometheus = spawn(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=${new URL(url).host}`,
        '--web.enable-lifecycle',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    prometheus.stderr.on('data', (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-4000)));
    const exited = new Promise<void>((resolve) => prometheus.on('close', () => resolve()));
    const failed = new Promise<never>((_, reject) => {
      prometheus.on('error', (e: NodeJS.ErrnoException) =>
        reject(
          new Error(
            e.code === 'ENOENT'
              ? 'prometheus is not installed: run tools/scripts/ensure-prometheus-tools.sh'
              : `cannot start prometheus: ${e.message}`,
          ),
        ),
      );
      void exited.then(() => reject(new Error(`prometheus exited: ${log.trim()}`)));
    });
    failed.catch(() => {});
    const stopPrometheus = async () => {
      if (prometheus.exitCode === null && prometheus.signalCode === null) prometheus.kill('SIGTERM');
      await exited;
    };
    try {
      await Promise.race([scraped(url), failed]);
    } catch (e) {
      await stopPrometheus();
      throw e;
    }
    return {
      prometheusUrl: url,
      async reload() {
        await copyRules(outDir, join(dir, 'rules'));
        const since = Date.now() / 1000;
        const response = await fetch(`${url}/-/reload`, { method: 'POST' });
        if (!response.ok) throw new Error(`prometheus refused to reload: ${(await response.text()).trim()}`);
        await evaluatedSince(url, since);
      },
      async stop() {
        await stopPrometheus();
        await sim.close();
      },
    };
  } catch (e) {
    await sim.close();
    throw e;
  }
}

/**
 * out/'s Prometheus rule files, each group evaluated every 5 s instead of its generated interval:
 * a demo shows recorded series within seconds of a save.
 */
async function copyRules(outDir: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  const from = join(outDir, 'prometheus/rules');
  const files = await readdir(from).catch(() => [] as string[]);
  for (const file of files.filter((f) => f.endsWith('.yaml')))
    await writeFile(
      join(to, file),
      (await readFile(join(from, file), 'utf8')).replace(/^(\s+interval: ).*$/gm, `$1${INTERVAL}`),
    );
}

/** Waits until every rule group was evaluated after `since` (epoch seconds), or 10 s passed. */
async function evaluatedSince(url: string, since: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const body = await fetch(`${url}/api/v1/rules`)
      .then((r) => r.json() as Promise<{ data?: { groups?: Array<{ lastEvaluation: string }> } }>)
      .catch(() => undefined);
    const groups = body?.data?.groups ?? [];
    if (groups.every((g) => Date.parse(g.lastEvaluation) / 1000 > since)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until Prometheus is ready and has scraped the demo platform twice (a rate needs two samples). */
async function scraped(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const body = await fetch(`${url}/api/v1/query?query=${encodeURIComponent('count_over_time(up[1m]) >= 2')}`)
      .then((r) => (r.ok ? (r.json() as Promise<{ data?: { result?: unknown[] } }>) : undefined))
      .catch(() => undefined);
    if (body?.data?.result?.length) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`prometheus at ${url} was not ready after ${READY_TIMEOUT_MS / 1000} s`);
}

/** A TCP port free on 127.0.0.1 now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
