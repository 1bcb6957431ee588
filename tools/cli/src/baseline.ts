import {
  alertOfTestPath,
  baselineFirings,
  baselineTestFile,
  groupsOf,
  mergedGroupOrder,
  type BaselineFiring,
  type BaselineSeries,
  type ManifestEntries,
} from '@plotwatch/build/proofs';
import { advanceSeries, createPlatform, samplesOf, seriesText } from '@plotwatch/narrative-sim';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promtoolTest, ruleFilesOfTest } from './promtool-run.ts';

/** The demo's day from 10:00 UTC (traffic rising to its 16:00 peak) for three hours, a sample a minute. */
const START = Date.UTC(2026, 0, 5, 10) / 1000;
const HOURS = 3;
const INTERVAL_MINUTES = 1;
/** The first hour fills the rate and burn-rate windows (as in the e2e suite); then a check every 10 minutes. */
const CHECK_MINUTES = Array.from({ length: (HOURS - 1) * 6 + 1 }, (_, i) => 60 + i * 10);
const TEST_FILE = 'prometheus/tests/baseline.test.json';

export interface BaselineResult {
  readonly alerts: number;
  readonly series: number;
  readonly firings: readonly BaselineFiring[];
  /** promtool's own text when it failed for another reason than alerts firing. */
  readonly error?: string;
}

/** The demo platform's normal behaviour of these tenants, series by series, a value per interval. */
export function demoSeries(tenants: readonly string[]): BaselineSeries[] {
  const step = INTERVAL_MINUTES * 60;
  const out: BaselineSeries[] = [];
  for (const family of createPlatform(tenants))
    for (const s of family.series) {
      const samples = samplesOf(family, s).map((sample) => ({ series: seriesText(sample), values: [] as number[] }));
      for (let t = START; t <= START + HOURS * 3600; t += step) {
        advanceSeries(family, s, t - step, t);
        samplesOf(family, s).forEach((sample, i) => samples[i]!.values.push(sample.value));
      }
      out.push(...samples);
    }
  return out;
}

/**
 * Every alert of out/'s Prometheus rule files (or those named) evaluated by promtool over the demo
 * platform's normal behaviour of these (label) tenants: the alerts that fire, each with its tenant.
 */
export async function runBaseline(
  outDir: string,
  entries: ManifestEntries,
  tenants: readonly string[],
  only: readonly string[],
): Promise<BaselineResult> {
  const sharedTests = await Promise.all(
    entries
      .filter((e) => e.kind === 'promtool-test' && !e.tenant)
      .map(async ({ path }) => {
        const text = await readFile(join(outDir, path), 'utf8');
        const test = JSON.parse(text) as { group_eval_order?: string[] };
        const ruleFiles = ruleFilesOfTest(path, text);
        return { alert: alertOfTestPath(path), ruleFiles, groupOrder: test.group_eval_order ?? [] };
      }),
  );
  // Named alerts load only the rule files their proofs load (promtool evaluates every loaded rule).
  const ruleFiles = only.length
    ? [...new Set(sharedTests.filter((t) => only.includes(t.alert)).flatMap((t) => t.ruleFiles))]
    : entries.filter((e) => e.kind === 'prometheus-rules').map((e) => e.path);
  const ruleTexts = await Promise.all(ruleFiles.map((f) => readFile(join(outDir, f), 'utf8')));
  const loaded = groupsOf(ruleTexts);
  const alerts = loaded.flatMap((g) => g.alerts).filter((a) => only.length === 0 || only.includes(a));
  // The build orders each test's groups dependencies first; together they order all of them.
  const names = new Set(loaded.map((g) => g.name));
  const groupOrder = mergedGroupOrder(sharedTests.map((t) => t.groupOrder)).filter((g) => names.has(g));
  const series = demoSeries(tenants);
  const stage = await mkdtemp(join(tmpdir(), 'plotwatch-baseline-'));
  try {
    await mkdir(join(stage, dirname(TEST_FILE)), { recursive: true });
    await Promise.all(
      ruleFiles.map(async (f, i) => {
        await mkdir(dirname(join(stage, f)), { recursive: true });
        await writeFile(join(stage, f), ruleTexts[i]!);
      }),
    );
    await writeFile(
      join(stage, TEST_FILE),
      baselineTestFile({
        ruleFiles: ruleFiles.map((f) => relative(dirname(TEST_FILE), f)),
        groupOrder,
        alerts,
        series,
        intervalMinutes: INTERVAL_MINUTES,
        checkMinutes: CHECK_MINUTES,
      }),
    );
    const [result] = await promtoolTest(stage, [TEST_FILE]);
    const firings = result!.verdict.ok ? [] : baselineFirings(result!.verdict.text);
    const error = !result!.verdict.ok && firings.length === 0 ? result!.verdict.text : undefined;
    return { alerts: alerts.length, series: series.length, firings, ...(error ? { error } : {}) };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
