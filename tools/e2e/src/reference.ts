import { createPlatform, seriesCount, writeOpenMetricsHistoryInWorker, type Incident } from '@plotwatch/narrative-sim';
import { walk } from '@plotwatch/promql';
import { mapConcurrent } from '@plotwatch/publish';
import { PROMTOOL_TEST_ENV, run, startPrometheus, type RunningServer } from '@plotwatch/testing';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

interface RuleDoc {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}
interface RuleFile {
  groups: Array<{ name: string; interval?: string; rules: RuleDoc[] }>;
}

export interface ReferenceOptions {
  /** Holds the history, the blocks and Prometheus' files; the caller removes it. */
  readonly dir: string;
  readonly tenants: readonly string[];
  /** Unix seconds, a multiple of `step`. */
  readonly start: number;
  readonly end: number;
  /** Seconds between samples: the scrape interval the dataset pretends. */
  readonly step: number;
  readonly incidents?: readonly Incident[];
  /** Plain Prometheus rule files (content); their recording rules are backfilled too. */
  readonly ruleFiles: readonly string[];
  /** How often recording rules are evaluated over the history, seconds. */
  readonly evalInterval: number;
}

export interface Reference {
  readonly prometheus: RunningServer;
  readonly samples: number;
  /** Wall time of each phase: the raw history into blocks, then every recording rule. */
  readonly seconds: { readonly history: number; readonly rules: number };
}

/**
 * Recording rules by dependency level: level 0 reads only scraped series, level n reads level
 * n-1. promtool backfills a rule from the data it can query, so each level needs the one before
 * it already in the TSDB.
 */
export function recordingLevels(ruleFiles: readonly string[]): RuleDoc[][] {
  const rules = ruleFiles.flatMap((f) => (parse(f) as RuleFile).groups.flatMap((g) => g.rules)).filter((r) => r.record);
  const recorded = new Set(rules.map((r) => r.record!));
  const level = new Map<string, number>();
  const levelOf = (name: string, seen: Set<string>): number => {
    if (level.has(name)) return level.get(name)!;
    if (seen.has(name)) throw new Error(`recording rules form a cycle through ${name}`);
    const deps = rules
      .filter((r) => r.record === name)
      .flatMap((r) => walk(r.expr).selectors.map((s) => s.metric ?? ''))
      .filter((m) => recorded.has(m) && m !== name);
    const value = deps.length ? 1 + Math.max(...deps.map((d) => levelOf(d, new Set([...seen, name])))) : 0;
    level.set(name, value);
    return value;
  };
  const levels: RuleDoc[][] = [];
  for (const r of rules) (levels[levelOf(r.record!, new Set())] ??= []).push(r);
  return levels.map((l) => l ?? []);
}

async function moveBlocks(from: string, to: string): Promise<void> {
  for (const block of await readdir(from).catch(() => [])) await rename(join(from, block), join(to, block));
}

/**
 * The Go settings of the suite's promtool runs (PROMTOOL_TEST_ENV: a collector half as frequent, one
 * Go thread) for the backfill's promtools and Prometheus too: their processes run as many at once
 * as there are cores, and Go's collector threads only took CPU from them (platform.e2e.test.ts
 * alone: 38.3 and 36.9 s of CPU -> 33.8 and 34.2 s).
 */
const GO_ENV = PROMTOOL_TEST_ENV;

const serve = (o: ReferenceOptions, data: string) =>
  startPrometheus({
    env: GO_ENV,
    dir: o.dir,
    ruleFiles: new Map(),
    scrapeTargets: [],
    interval: `${o.evalInterval}s`,
    storageDir: data,
  });

async function promtool(args: readonly string[], cwd: string, what: string): Promise<void> {
  const result = await run('promtool', args, cwd, GO_ENV);
  if (!result.ok) throw new Error(`promtool could not backfill ${what}:\n${result.output}`);
}

// A shard's OpenMetrics file stays near 1.5 GB, and there are enough shards to keep every core busy.
const SAMPLES_PER_SHARD = 10_000_000;
// promtool cuts blocks at multiples of 2h·3^n up to this: 486h, so a history of days is parsed once
// (by default it reads the whole file again for every 2 h block).
const HISTORY_BLOCK = '744h';
// Prometheus answers a range query with at most 11,000 points per series.
const MAX_POINTS = 11_000;

/**
 * The raw history: the series split into shards, each written by a worker thread and turned into
 * its own blocks by its own promtool, as many at once as there are cores. The shards' blocks
 * overlap in time with disjoint series; Prometheus queries them together and merges them
 * (vertical compaction).
 */
async function backfillHistory(o: ReferenceOptions, data: string, cores: number): Promise<number> {
  const estimate = seriesCount(createPlatform(o.tenants)) * (Math.floor((o.end - o.start) / o.step) + 1);
  const count = Math.max(cores, Math.ceil(estimate / SAMPLES_PER_SHARD));
  const shards = Array.from({ length: count }, (_, index) => index);
  const written = await mapConcurrent(shards, cores, async (index) => {
    const file = join(o.dir, `history-${index}.om`);
    const samples = await writeOpenMetricsHistoryInWorker(file, {
      tenants: o.tenants,
      start: o.start,
      end: o.end,
      step: o.step,
      incidents: o.incidents ?? [],
      shard: { index, count },
    });
    const out = join(o.dir, `history-${index}-blocks`);
    await promtool(
      ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', `--max-block-duration=${HISTORY_BLOCK}`, file, out],
      o.dir,
      `history shard ${index}`,
    );
    await rm(file);
    await moveBlocks(out, data);
    return samples;
  });
  return written.reduce((a, b) => a + b, 0);
}

/**
 * Every recording rule, level by level, each level against a Prometheus serving the levels below
 * it. A level's rules are split over several promtool processes (Prometheus evaluates their
 * queries in parallel); each rule is one range query per block, and blocks are as long as that
 * query's resolution limit allows.
 */
async function backfillRules(o: ReferenceOptions, data: string, cores: number): Promise<void> {
  const block = `${(MAX_POINTS - 1) * o.evalInterval}s`;
  for (const [level, rules] of recordingLevels(o.ruleFiles).entries()) {
    // Twice as many promtools as cores: Prometheus answering and promtool writing blocks both need CPU.
    const parts = Array.from({ length: Math.min(2 * cores, rules.length) }, (_, part) => part);
    const prometheus = await serve(o, data);
    try {
      await mapConcurrent(parts, parts.length, async (part) => {
        const file = join(o.dir, `level-${level}-${part}.yaml`);
        const mine = rules
          .filter((_, i) => i % parts.length === part)
          .map(({ record, expr, labels }) => ({ record, expr, ...(labels ? { labels } : {}) }));
        await writeFile(
          file,
          stringify({ groups: [{ name: `level-${level}`, interval: `${o.evalInterval}s`, rules: mine }] }),
        );
        const out = join(o.dir, `level-${level}-${part}-blocks`);
        await mkdir(out, { recursive: true });
        await promtool(
          [
            'tsdb',
            'create-blocks-from',
            'rules',
            '--quiet',
            `--url=${prometheus.url}`,
            `--start=${o.start}`,
            `--end=${o.end}`,
            `--eval-interval=${o.evalInterval}s`,
            `--max-block-duration=${block}`,
            `--output-dir=${out}`,
            file,
          ],
          o.dir,
          `recording rules of level ${level}`,
        );
      });
    } finally {
      await prometheus.stop();
    }
    for (const part of parts) await moveBlocks(join(o.dir, `level-${level}-${part}-blocks`), data);
  }
}

/**
 * A Prometheus serving the demo platform's history: the model written as OpenMetrics, turned into
 * blocks by promtool, then every recording rule backfilled level by level with
 * `promtool tsdb create-blocks-from rules`, as if it had been running all along.
 */
export async function buildReference(o: ReferenceOptions): Promise<Reference> {
  const data = join(o.dir, 'tsdb');
  await mkdir(data, { recursive: true });
  const cores = availableParallelism();
  const started = performance.now();
  const samples = await backfillHistory(o, data, cores);
  const history = (performance.now() - started) / 1000;
  await backfillRules(o, data, cores);
  const rules = (performance.now() - started) / 1000 - history;
  return { prometheus: await serve(o, data), samples, seconds: { history, rules } };
}

/** An instant or range query against Prometheus' HTTP API; throws with Prometheus' error. */
export async function query<
  T = Array<{ metric: Record<string, string>; value?: [number, string]; values?: Array<[number, string]> }>,
>(
  prometheus: RunningServer,
  path: 'query' | 'query_range',
  params: Record<string, string>,
): Promise<{
  result: T;
  resultType: string;
  stats?: { timings: { evalTotalTime: number }; samples: { totalQueryableSamples: number } };
}> {
  const response = await fetch(`${prometheus.url}/api/v1/${path}`, {
    method: 'POST',
    body: new URLSearchParams(params),
  });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data: { result: T; resultType: string; stats?: never };
  };
  if (body.status !== 'success') throw new Error(`${params.query}: ${body.error}`);
  return body.data;
}

/** A number Prometheus reports about itself on /metrics (it does not scrape itself here). */
async function ownMetric(prometheus: RunningServer, name: string): Promise<number> {
  const text = await (await fetch(`${prometheus.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/**
 * Waits until Prometheus has merged the backfill's overlapping blocks (its compaction loop runs a
 * minute after start; merging a large dataset takes a while more): queries timed before that
 * would pay for reading hundreds of blocks, which no long-running Prometheus does. Returns the
 * blocks loaded before and after.
 */
export async function awaitCompaction(
  prometheus: RunningServer,
  timeoutSeconds = 600,
): Promise<{ before: number; after: number }> {
  const before = await ownMetric(prometheus, 'prometheus_tsdb_blocks_loaded');
  const deadline = performance.now() + timeoutSeconds * 1000;
  let last = before;
  let stableSince = performance.now();
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const blocks = await ownMetric(prometheus, 'prometheus_tsdb_blocks_loaded');
    // Counted when a compaction has finished and its blocks replaced the ones it merged.
    const compactions = await ownMetric(prometheus, 'prometheus_tsdb_compactions_total');
    if (blocks !== last) [last, stableSince] = [blocks, performance.now()];
    // Compacted, and no further change for 10 s (one merge may be followed by another).
    if (compactions >= 1 && performance.now() - stableSince >= 10_000) return { before, after: blocks };
  }
  throw new Error(`Prometheus did not compact the reference dataset's ${before} blocks within ${timeoutSeconds} s`);
}
