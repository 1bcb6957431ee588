import { writeOpenMetricsHistory, type Incident } from '@plotwatch/narrative-sim';
import { walk } from '@plotwatch/promql';
import { run, startPrometheus, type RunningServer } from '@plotwatch/testing';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

interface RuleDoc { record?: string; alert?: string; expr: string; labels?: Record<string, string> }
interface RuleFile { groups: Array<{ name: string; interval?: string; rules: RuleDoc[] }> }

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
    const deps = rules.filter((r) => r.record === name).flatMap((r) => walk(r.expr).selectors.map((s) => s.metric ?? '')).filter((m) => recorded.has(m) && m !== name);
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
 * A Prometheus serving the demo platform's history: the model written as OpenMetrics, turned into
 * blocks by promtool, then every recording rule backfilled level by level with
 * `promtool tsdb create-blocks-from rules`, as if it had been running all along.
 */
export async function buildReference(o: ReferenceOptions): Promise<Reference> {
  const data = join(o.dir, 'tsdb');
  const history = join(o.dir, 'history.om');
  const samples = await writeOpenMetricsHistory(history, { tenants: o.tenants, start: o.start, end: o.end, step: o.step, incidents: o.incidents ?? [] });
  const blocks = await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', history, data], o.dir);
  if (!blocks.ok) throw new Error(`promtool could not backfill the history:\n${blocks.output}`);
  const serve = () => startPrometheus({ dir: o.dir, ruleFiles: new Map(), scrapeTargets: [], interval: `${o.evalInterval}s`, storageDir: data });

  for (const [i, rules] of recordingLevels(o.ruleFiles).entries()) {
    const file = join(o.dir, `level-${i}.yaml`);
    await writeFile(file, stringify({ groups: [{ name: `level-${i}`, interval: `${o.evalInterval}s`, rules: rules.map(({ record, expr, labels }) => ({ record, expr, ...(labels ? { labels } : {}) })) }] }));
    const prometheus = await serve();
    try {
      const out = join(o.dir, `level-${i}-blocks`);
      await mkdir(out, { recursive: true });
      const backfill = await run('promtool', ['tsdb', 'create-blocks-from', 'rules', '--quiet', `--url=${prometheus.url}`, `--start=${o.start}`, `--end=${o.end}`,
        `--eval-interval=${o.evalInterval}s`, `--output-dir=${out}`, file], o.dir);
      if (!backfill.ok) throw new Error(`promtool could not backfill recording rules of level ${i}:\n${backfill.output}`);
      await prometheus.stop();
      await moveBlocks(out, data);
    } finally {
      await prometheus.stop();
    }
  }
  return { prometheus: await serve(), samples };
}

/** An instant or range query against Prometheus' HTTP API; throws with Prometheus' error. */
export async function query<T = Array<{ metric: Record<string, string>; value?: [number, string]; values?: Array<[number, string]> }>>(
  prometheus: RunningServer, path: 'query' | 'query_range', params: Record<string, string>,
): Promise<{ result: T; resultType: string; stats?: { timings: { evalTotalTime: number }; samples: { totalQueryableSamples: number } } }> {
  const response = await fetch(`${prometheus.url}/api/v1/${path}`, { method: 'POST', body: new URLSearchParams(params) });
  const body = (await response.json()) as { status: string; error?: string; data: { result: T; resultType: string; stats?: never } };
  if (body.status !== 'success') throw new Error(`${params.query}: ${body.error}`);
  return body.data;
}
