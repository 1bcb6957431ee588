import { expandRecorded, substituteVariables, type Recording } from '@plotwatch/promql';
import { sleep, startPrometheus, writeTree } from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { awaitCompaction, buildReference, query } from '../src/reference.ts';
import { compileOrThrow, repoTenants } from '@plotwatch/build/testing';
import { syntheticTenants } from '@plotwatch/platform';
import { fmt, table } from './measure.ts';

const HOURS = 72;
const STEP = 60;
const VIEW_HOURS = 6;
const TENANTS = 20;
const VARIABLES = {
  __rate_interval: '4m',
  __interval: '1m',
  __range: `${VIEW_HOURS}h`,
  __range_s: String(VIEW_HOURS * 3600),
  __interval_ms: '60000',
};

interface RuleDoc {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}

/**
 * Dashboard query cost on the reference dataset, as written (reading recorded series) and with
 * every recorded series expanded back into the raw query it stands for; and how long each rule
 * group takes to evaluate on the same data.
 */
export async function queryBenchmarks(): Promise<string> {
  const tenants = [
    ...repoTenants().filter((t) => t.tenancy === 'label'),
    ...syntheticTenants(TENANTS * 2).filter((t) => t.tenancy === 'label'),
  ].slice(0, TENANTS);
  const artifacts = compileOrThrow(tenants);
  const ruleFiles = artifacts.filter((a) => a.kind === 'prometheus-rules');
  const recordings: Recording[] = ruleFiles
    .flatMap((f) => (parse(f.content) as { groups: Array<{ rules: RuleDoc[] }> }).groups.flatMap((g) => g.rules))
    .filter((r): r is RuleDoc & { record: string } => r.record !== undefined)
    .map((r) => ({ record: r.record, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) }));
  const end = Math.floor(Date.now() / 1000 / 3600) * 3600;
  const start = end - HOURS * 3600;
  const dir = await writeTree([]);
  const built = performance.now();
  const reference = await buildReference({
    dir,
    tenants: tenants.map((t) => t.id),
    start,
    end,
    step: STEP,
    ruleFiles: ruleFiles.map((f) => f.content),
    evalInterval: STEP,
  });
  const buildSeconds = (performance.now() - built) / 1000;
  const blocks = await awaitCompaction(reference.prometheus);
  const reference0 = tenants[0]!.id;
  const rows: Array<Array<string | number>> = [];
  const failures: string[] = [];
  let ruleRows: Array<Array<string | number>>;
  try {
    const dashboards = artifacts.filter(
      (a) => a.kind === 'grafana-dashboard' && (a.tenant === reference0 || !a.tenant),
    );
    for (const dashboard of dashboards) {
      type Target = { expr?: string; instant?: boolean };
      const json = JSON.parse(dashboard.content) as {
        uid: string;
        panels?: Array<{ targets?: Target[]; panels?: Array<{ targets?: Target[] }> }>;
      };
      const targets = (json.panels ?? [])
        .flatMap((p) => [p, ...(p.panels ?? [])])
        .flatMap((p) => p.targets ?? [])
        .filter((t): t is Target & { expr: string } => !!t.expr);
      const exprs = targets.map((t) => t.expr);
      // As Grafana runs them: an instant target (a current value) once at the end of the range, the
      // others at every step.
      const cost = async (rewrite: (e: string) => string) => {
        let ms = 0;
        let samples = 0;
        for (const target of targets) {
          const text = rewrite(substituteVariables(target.expr, { values: VARIABLES }).text);
          const { stats } = target.instant
            ? await query(reference.prometheus, 'query', { query: text, time: String(end), stats: 'all' })
            : await query(reference.prometheus, 'query_range', {
                query: text,
                start: String(end - VIEW_HOURS * 3600),
                end: String(end),
                step: String(STEP),
                stats: 'all',
              });
          ms += (stats?.timings.evalTotalTime ?? 0) * 1000;
          samples += stats?.samples.totalQueryableSamples ?? 0;
        }
        return { ms, samples };
      };
      const recorded = await cost((e) => e);
      // A query the expansion cannot express in Prometheus 2.42 is reported, not skipped silently.
      // Subqueries of the expansion step at the rules' evaluation interval: the points the recording holds.
      const raw = await cost((e) => expandRecorded(e, recordings, 0, `${STEP}s`)).catch((error: Error) => ({
        ms: NaN,
        samples: 0,
        error: error.message,
      }));
      if ('error' in raw) failures.push(`${json.uid}: ${raw.error}`);
      rows.push([
        json.uid,
        `${exprs.length} (${targets.filter((t) => t.instant).length} instant)`,
        `${fmt(recorded.ms, 1)} ms`,
        fmt(recorded.samples),
        'error' in raw ? 'n/a' : `${fmt(raw.ms, 1)} ms`,
        fmt(raw.samples),
        raw.samples && recorded.samples ? `${fmt(raw.samples / recorded.samples, 1)}×` : '—',
      ]);
    }
    await reference.prometheus.stop();
    // Rule groups evaluated by Prometheus itself on the reference TSDB (its data ends now).
    const evaluating = await startPrometheus({
      dir: join(dir, 'eval'),
      ruleFiles: new Map(ruleFiles.map((f) => [f.path.split('/').pop()!, f.content])),
      scrapeTargets: [],
      interval: '30s',
      storageDir: join(dir, 'tsdb'),
    });
    try {
      await sleep(35_000);
      const body = (await (await fetch(`${evaluating.url}/api/v1/rules`)).json()) as {
        data: { groups: Array<{ name: string; rules: unknown[]; evaluationTime: number }> };
      };
      ruleRows = body.data.groups.map((g) => [g.name, g.rules.length, `${fmt(g.evaluationTime * 1000, 1)} ms`]);
    } finally {
      await evaluating.stop();
    }
  } finally {
    await reference.prometheus.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return [
    '## Dashboard query cost and rule evaluation on the reference dataset',
    '',
    `Reference dataset: the demo platform (tools/narrative-sim) for ${tenants.length} tenants over ${HOURS / 24} days at ${STEP} s (${fmt(reference.samples)} raw samples),`,
    `every recording rule backfilled; built in ${fmt(buildSeconds)} s: the history in ${fmt(reference.seconds.history)} s (shards of series written as OpenMetrics by worker threads, each turned into blocks`,
    `by its own \`promtool tsdb create-blocks-from openmetrics\`, one per core at a time), then the recording rules in ${fmt(reference.seconds.rules)} s (\`create-blocks-from rules\` level by level, several promtool processes per level).`,
    `Queries start once Prometheus has merged the backfill's ${fmt(blocks.before)} overlapping blocks into ${fmt(blocks.after)}, as a running Prometheus holds them.`,
    `Each dashboard of tenant ${reference0} and of the platform is queried as Grafana would over the last ${VIEW_HOURS} h (step ${STEP} s; instant targets once, at the end), with Prometheus' \`stats=all\`:`,
    'as generated (reading recorded series), and with every recorded series expanded back into its raw query (`expandRecorded`).',
    'Targets: raw touches at least 10× the samples; all panels of a dashboard together under 300 ms.',
    "Samples are Prometheus' own `totalQueryableSamples`. Prometheus 2.42 counts the inner expression of a subquery once per subquery step",
    '(`rate(x[5m])` over 1 h at 60 s: 2,196 samples as a range query, 366 inside `sum_over_time((rate(x[5m]))[1h:60s])`), so the raw column is a lower',
    'bound wherever an expansion needs a subquery (a recorded series read over a range: daily totals, 30d SLIs, `avg_over_time(...[$__range])`).',
    '',
    table(
      [
        'dashboard',
        'queries',
        'time (recorded)',
        'samples (recorded)',
        'time (raw)',
        'samples (raw)',
        'raw / recorded samples',
      ],
      rows,
    ),
    '',
    ...(failures.length
      ? ['Raw equivalents Prometheus refused (n/a above):', '', ...failures.map((f) => `- ${f}`), '']
      : []),
    'Rule groups, as Prometheus evaluates them on the same data (`evaluationTime` from /api/v1/rules):',
    '',
    table(['group', 'rules', 'evaluation time'], ruleRows),
  ].join('\n');
}
