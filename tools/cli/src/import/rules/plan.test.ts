import { THRESHOLD_IDS } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import { buildFindings, uncataloguedMetrics } from './findings.ts';
import { planRules, RulePlanError, summarizeRulePlan } from './plan.ts';
import { readRuleFile } from './read.ts';
import { renderRuleModules } from './render.ts';

const file = readRuleFile(
  `groups:
  - name: api
    rules:
      - alert: ApiErrors
        expr: sum by (tenant) (rate(errors_total{job="api"}[5m])) / sum by (tenant) (rate(requests_total{job="api"}[5m])) > 0.02
        for: 10m
        labels: { severity: warning }
      - alert: ApiDown
        expr: up{job="api"} == 0
`,
  'team/api-alerts.yaml',
);

describe('planRules', () => {
  it('names the domain after the file, and keeps every alert plain unless told otherwise', () => {
    const plan = planRules(file);
    expect(plan.domain).toBe('api-alerts');
    expect(plan.alertModules.map((m) => [m.module, m.alerts.map((a) => [a.kind, a.exportName])])).toEqual([
      [
        'alerts/api-alerts/api.ts',
        [
          ['plain', 'apiErrors'],
          ['plain', 'apiDown'],
        ],
      ],
    ]);
  });

  it('turns the literal of an alert named by --threshold into that per-tenant threshold', () => {
    const plan = planRules(file, { domain: 'api', thresholds: new Map([['ApiErrors', 'story_api_error_ratio']]) });
    const [alert] = plan.alertModules[0]!.alerts;
    expect(alert).toMatchObject({
      kind: 'threshold',
      threshold: 'story_api_error_ratio',
      comparison: '>',
      perTenant: new Map([['every tenant', 0.02]]),
    });
    expect(plan.newThresholds).toEqual([]);
  });

  it('refuses an unknown threshold id, listing the known ones', () => {
    expect(() => planRules(file, { thresholds: new Map([['ApiErrors', 'api_error_ratio']]) })).toThrow(
      new RulePlanError(
        `--threshold ApiErrors=api_error_ratio: unknown threshold id "api_error_ratio"; the known ids are: ${THRESHOLD_IDS.join(', ')}`,
      ),
    );
    expect(() => planRules(file, { thresholds: new Map([['ApiErrors', 'story_api_error_ratios']]) })).toThrow(
      /unknown threshold id "story_api_error_ratios" \(did you mean "?story_api_error_ratio"?\?\)/,
    );
    expect(() => planRules(file, { thresholds: new Map([['ApiErrors', 'target_down_ratio']]) })).toThrow(
      /target_down_ratio is a platform threshold/,
    );
  });

  it('refuses --threshold for an alert the file does not have, or one without a literal threshold', () => {
    expect(() => planRules(file, { thresholds: new Map([['ApiError', 'story_api_error_ratio']]) })).toThrow(
      /^--threshold ApiError=story_api_error_ratio: team\/api-alerts\.yaml has no alert ApiError/,
    );
    expect(() => planRules(file, { thresholds: new Map([['ApiDown', 'story_api_error_ratio']]) })).toThrow(
      '--threshold ApiDown=story_api_error_ratio: groups[0].rules[1].expr: it is not a signal compared with >, <, >= or <= to a number',
    );
  });
});

describe('summarizeRulePlan', () => {
  it('says what was planned, what is proven, and each TODO', () => {
    expect(summarizeRulePlan(planRules(file))).toEqual([
      'team/api-alerts.yaml: 0 recording rules in 0 groups, 2 alerts (2 rules) into domain api-alerts',
      'proofs: 2 of 2 alerting rules have a generated promtool test; 0 have a TODO in their definition',
      'note: the alerts link to no dashboard panel yet: the modules say where to name it (the build checks that it exists)',
    ]);
  });
});

describe('what the build will say of the imported rules', () => {
  const odd = readRuleFile(
    `groups:
  - name: g
    rules:
      - record: job:pg_up:sum
        expr: sum by (job) (pg_up)
      - alert: PgDown
        expr: job:pg_up:sum == 0
        for: 6h
      - alert: PgSlow
        expr: histogram_quantile(0.9, rate(pg_query_seconds_bucket{tenant="a", db="x"}[5m])) > 1
`,
    'pg.yaml',
  );

  it('lists the PromQL checks that would fail, by file and path', () => {
    expect(buildFindings(odd)).toEqual([
      'pg.yaml: groups[0].rules[1].expr: for: 6h is outside 0s..3600s [rule/alert-for]\n    job:pg_up:sum == 0\n    ^^^^^^^^^^^^^^^^^^',
    ]);
  });

  it('lists the metrics the catalog lacks, with the labels and functions they are read with', () => {
    expect(
      uncataloguedMetrics(odd).map(([name, uses]) => [
        name,
        uses.map((u) => [[...u.labels], [...u.functions], u.tenantMatched]),
      ]),
    ).toEqual([
      ['pg_query_seconds_bucket', [[['db'], ['histogram_quantile', 'rate'], true]]],
      ['pg_up', [[[], [], false]]],
    ]);
  });
});

describe('names already taken', () => {
  const recording = readRuleFile(
    `groups:\n  - name: golden-signals\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n`,
    'team/golden.yaml',
  );

  it('keep a recording group apart from one the build already has', () => {
    const plan = planRules(recording, { recordingGroups: new Set(['golden-signals']) });
    expect(plan.recording.map((g) => [g.name, g.module, g.exportName])).toEqual([
      ['golden-golden-signals', 'recording-rules/golden/golden-signals.ts', 'goldenGoldenSignalsRules'],
    ]);
  });

  it('rename an export the registry already imports, and register it', async () => {
    const rendered = await renderRuleModules(planRules(recording), {
      alerts: '',
      recordingRules: `import { goldenSignalsRules } from './services/golden-signals.ts';\n\nexport const recordingGroups = [\n  goldenSignalsRules,\n];\n`,
    });
    expect(rendered.files.map((f) => f.path)).toEqual([
      'recording-rules/golden/golden-signals.ts',
      'recording-rules/index.ts',
    ]);
    expect(rendered.files[0]!.content).toContain('export const goldenGoldenSignalsRules: RecordingGroupDefinition = {');
    expect(rendered.files[1]!.content).toBe(
      `import { goldenGoldenSignalsRules } from './golden/golden-signals.ts';\nimport { goldenSignalsRules } from './services/golden-signals.ts';\n\nexport const recordingGroups = [goldenSignalsRules, goldenGoldenSignalsRules];\n`,
    );
  });
});
