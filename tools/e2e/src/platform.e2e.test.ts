import type { Incident, Scenario } from '@plotwatch/narrative-sim';
import { expandRecorded, parseDuration, substituteVariables, walk, type Recording } from '@plotwatch/promql';
import { writeTree, type RunningServer } from '@plotwatch/testing';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileOrThrow, repoTenants } from '@plotwatch/build/testing';
import { filtersByComparison } from '@plotwatch/build/dev';
import { buildReference, query } from './reference.ts';

/**
 * The generated dashboards and rules on real data: the demo platform's history for every
 * label-mode tenant (mimir tenants live in their own Mimir org), one incident per tenant in the
 * last two hours, every recording rule backfilled, served by a real Prometheus.
 */
const STEP = 30;
const HOURS = 6;
const INCIDENT_HOURS = 2;
const end = Math.floor(Date.now() / 1000 / 3600) * 3600;
const start = end - HOURS * 3600;
const incidentStart = end - INCIDENT_HOURS * 3600;

const tenants = repoTenants()
  .filter((t) => t.tenancy === 'label')
  .map((t) => t.id);
const scenarioOf: Readonly<Record<string, Scenario>> = Object.fromEntries(
  tenants.map((t, i) => [
    t,
    (['model-drift', 'generation-failures', 'latency-spike', 'consumer-lag'] as const)[i % 4]!,
  ]),
);
const incidents: Incident[] = tenants.map((tenant) => ({
  tenant,
  scenario: scenarioOf[tenant]!,
  since: incidentStart,
}));

const artifacts = compileOrThrow();
const ruleFiles = artifacts.filter((a) => a.kind === 'prometheus-rules').map((a) => a.content);
interface RuleDoc {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}
const rules = ruleFiles.flatMap((f) =>
  (parse(f) as { groups: Array<{ rules: RuleDoc[] }> }).groups.flatMap((g) => g.rules),
);
const alerts = rules.filter((r) => r.alert);
const recordings: Recording[] = rules
  .filter((r): r is RuleDoc & { record: string } => r.record !== undefined)
  .map((r) => ({ record: r.record, expr: r.expr, ...(r.labels ? { labels: r.labels } : {}) }));

/**
 * A query may rightly be empty when it filters (`up == 0` lists what is down: nothing, on a
 * healthy platform) or looks further back than the dataset reaches (`offset 1w`).
 */
function mayBeEmpty(expr: string): boolean {
  return (
    filtersByComparison(expr) ||
    walk(expr).selectors.some((s) => s.offset !== undefined && (parseDuration(s.offset) ?? 0) / 1000 >= HOURS * 3600)
  );
}

/** Grafana's variables as a dashboard on this dataset would resolve them. */
const VARIABLES = {
  __rate_interval: '2m',
  __interval: '30s',
  __range: `${HOURS}h`,
  __range_s: String(HOURS * 3600),
  __interval_ms: '30000',
};

describe('the generated dashboards and rules on the demo platform', () => {
  let dir: string;
  let prometheus: RunningServer | undefined;
  beforeAll(async () => {
    dir = await writeTree([]);
    prometheus = (
      await buildReference({ dir, tenants, start, end, step: STEP, incidents, ruleFiles, evalInterval: STEP })
    ).prometheus;
  }, 240_000);
  afterAll(async () => {
    await prometheus?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const dashboards = artifacts.filter(
    (a) => a.kind === 'grafana-dashboard' && (!a.tenant || tenants.includes(a.tenant)),
  );
  it.each(dashboards.map((d) => [d.path, d] as const))(
    'every query of %s returns data, of its own tenant only',
    async (_path, dashboard) => {
      const json = JSON.parse(dashboard.content) as {
        panels?: Array<{ title?: string; targets?: Array<{ expr?: string }>; panels?: unknown[] }>;
      };
      const targets = (json.panels ?? []).flatMap((p) =>
        (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
      );
      const problems: string[] = [];
      for (const { panel, expr } of targets.filter((t) => t.expr)) {
        const text = substituteVariables(expr!, { values: VARIABLES }).text;
        const { result, resultType } = await query(prometheus!, 'query', { query: text, time: String(end) });
        if (resultType === 'vector' && result.length === 0 && !mayBeEmpty(text))
          problems.push(`panel "${panel}": no data for ${text}`);
        const foreign = result.map((r) => r.metric.tenant).filter((t) => t !== undefined && t !== dashboard.tenant);
        if (dashboard.tenant && foreign.length)
          problems.push(`panel "${panel}": series of other tenants (${[...new Set(foreign)].join(', ')}) in ${text}`);
      }
      expect(problems).toEqual([]);
    },
  );

  /**
   * What a panel shows from recorded series is what the raw query it stands for (expandRecorded,
   * which the query-cost benchmark measures against) shows: the same series, and values within
   * 5% (or 0.001, for values near zero such as a flat lag's growth). Not exact: promtool backfills
   * each level of rules at its own sub-step offset (seconds off the raw samples' grid), so a value
   * recorded over two levels is up to two evaluations older than the raw query at the same instant.
   * A recording that dropped a label or the tenant filter, or recorded another percentile, differs
   * by far more.
   */
  // One tenant's dashboards and the platform's: the others are the same definitions with another
  // tenant matcher (checked above).
  const compared = dashboards.filter((d) => !d.tenant || d.tenant === tenants[0]);
  it.each(compared.map((d) => [d.path, d] as const))(
    'every recorded query of %s equals its raw expansion',
    async (_path, dashboard) => {
      const json = JSON.parse(dashboard.content) as {
        panels?: Array<{ title?: string; targets?: Array<{ expr?: string }> }>;
      };
      const at = String(end - STEP);
      const problems: string[] = [];
      let checked = 0;
      const key = (metric: Record<string, string>) =>
        JSON.stringify(
          Object.entries(metric)
            .filter(([k]) => k !== '__name__')
            .sort(),
        );
      for (const p of json.panels ?? []) {
        for (const t of (p.targets ?? []).filter((t) => t.expr)) {
          const text = substituteVariables(t.expr!, { values: VARIABLES }).text;
          const raw = expandRecorded(text, recordings, 0, `${STEP}s`);
          if (raw === text) continue;
          checked++;
          const values = async (q: string) =>
            new Map(
              (await query(prometheus!, 'query', { query: q, time: at })).result.map((r) => [
                key(r.metric),
                Number(r.value![1]),
              ]),
            );
          const [recorded, expanded] = [await values(text), await values(raw)];
          if ([...recorded.keys()].sort().join() !== [...expanded.keys()].sort().join())
            problems.push(
              `panel "${p.title}": series ${[...recorded.keys()]} recorded, ${[...expanded.keys()]} raw, for ${text}`,
            );
          for (const [series, value] of recorded) {
            const other = expanded.get(series);
            const close =
              Math.abs(value - other!) <= Math.max(0.05 * Math.max(Math.abs(value), Math.abs(other!)), 0.001);
            if (other !== undefined && !close && !(Number.isNaN(value) && Number.isNaN(other))) {
              problems.push(`panel "${p.title}" ${series}: ${value} recorded, ${other} raw, for ${text}`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
      if (dashboard.tenant) expect(checked).toBeGreaterThan(0);
    },
    60_000,
  );

  /**
   * Which (alert, tenant) pairs fire in a window: the alert's expression evaluated every STEP
   * seconds, firing where it held without a gap for its `for` (what the rule manager does).
   */
  async function firing(from: number, to: number): Promise<Set<string>> {
    const fired = new Set<string>();
    for (const alert of alerts) {
      const forSeconds = (parseDuration(alert.for ?? '0s') ?? 0) / 1000;
      const { result } = await query(prometheus!, 'query_range', {
        query: alert.expr,
        start: String(from - forSeconds),
        end: String(to),
        step: String(STEP),
      });
      for (const series of result) {
        let run = 0;
        let previous = -Infinity;
        for (const [t] of series.values ?? []) {
          run = t - previous === STEP ? run + STEP : 0;
          previous = t;
          if (t >= from && run >= forSeconds) fired.add(`${alert.alert} ${series.metric.tenant ?? '(platform)'}`);
        }
      }
    }
    return fired;
  }

  it('is quiet before the incidents', async () => {
    // The first hour fills rate windows and burn-rate windows; after it, nothing may fire.
    expect([...(await firing(start + 3600, incidentStart))].sort()).toEqual([]);
  }, 120_000);

  it("each incident fires exactly its tenant's expected alerts", async () => {
    const fired = [...(await firing(incidentStart, end))].sort();
    const expected = Object.entries(scenarioOf)
      .flatMap(([tenant, scenario]) => EXPECTED[scenario].map((alert) => `${alert} ${tenant}`))
      .sort();
    expect(fired).toEqual(expected);
  }, 120_000);
});

/** What each incident must fire (for its tenant), and nothing else. */
const EXPECTED: Readonly<Record<Scenario, readonly string[]>> = {
  'model-drift': ['ModelDriftHigh'],
  'generation-failures': [
    'GenerationFailureRatioHigh',
    'InteractionAvailabilityBudgetBurn',
    'StoryApiHighErrorRatio',
    'StoryGenerationAvailabilityBudgetBurn',
  ],
  'latency-spike': [
    'InferenceLatencyHigh',
    'InteractionLatencyBudgetBurn',
    'InteractionResponseTimeHigh',
    'StoryApiHighLatency',
    'StoryGenerationLatencyBudgetBurn',
  ],
  'consumer-lag': ['EventConsumerLagGrowing'],
};
