import { environment, tenantScope, type Tenant, type ThresholdId } from '@plotwatch/platform';
import {
  compileAlert,
  paramSeriesRules,
  promtoolTestFile,
  thresholdParam,
  ruleFileDocument,
  seconds,
  toYaml,
  type AlertDefinition,
  type AlertingRule,
  type RecordingGroupDefinition,
  type Rule,
  type RuleGroup,
  type RuleTarget,
} from '@plotwatch/rules';
import { PROMTOOL_TEST_ENV, REPO_ROOT, run, startPrometheus, type RunningServer } from '@plotwatch/testing';
import type { ESLint as ESLintClass } from 'eslint';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, resolveConfig } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRules, readRuleFile, renderRuleModules, type RulePlanOptions } from './index.ts';
import type { ReadRule } from './read.ts';

// eslint is CommonJS: required, not imported, so that Node does not scan its exports for ESM.
const { ESLint } = createRequire(import.meta.url)('eslint') as typeof import('eslint');
const FIXTURES = join(REPO_ROOT, 'tools/cli/src/import/fixtures/rules');
const env = environment('prod');

let prometheus: RunningServer;
let promDir: string;
/** Inside the repository so that the modules resolve @plotwatch/*; `.scratch/` is gitignored. */
const scratch = join(REPO_ROOT, '.scratch', `rules-import-${randomBytes(4).toString('hex')}`);

beforeAll(async () => {
  promDir = await mkdtemp(join(tmpdir(), 'plotwatch-format-'));
  prometheus = await startPrometheus({ dir: promDir, ruleFiles: new Map(), scrapeTargets: [], interval: '1m' });
}, 30_000);

afterAll(async () => {
  await prometheus?.stop();
  await rm(promDir, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
});

/** An expression as the Go printer prints it (Prometheus' own `format_query`). */
async function goFormat(expr: string): Promise<string> {
  const response = await fetch(`${prometheus.url}/api/v1/format_query`, {
    method: 'POST',
    body: new URLSearchParams({ query: expr }),
  });
  const body = (await response.json()) as { status: string; data?: string; error?: string };
  if (body.status !== 'success') throw new Error(`format_query ${expr}: ${body.error}`);
  return body.data!;
}

const registries = async () => ({
  alerts: await readFile(join(REPO_ROOT, 'alerts/index.ts'), 'utf8'),
  recordingRules: await readFile(join(REPO_ROOT, 'recording-rules/index.ts'), 'utf8'),
});

interface Imported {
  readonly recording: RecordingGroupDefinition[];
  readonly alerts: AlertDefinition[];
  readonly modules: ReadonlyArray<{ path: string; content: string }>;
}

/** Import → render → write the modules → load them, as the build would. */
async function importFile(name: string, text: string, options: RulePlanOptions = {}): Promise<Imported> {
  const plan = planRules(readRuleFile(text, name), options);
  const rendered = await renderRuleModules(plan, await registries());
  const modules = rendered.files.filter((f) => !f.replaces);
  const recording: RecordingGroupDefinition[] = [];
  const alerts: AlertDefinition[] = [];
  for (const module of modules) {
    const path = join(scratch, name.replace(/\W/g, '-'), module.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, module.content);
    const exported = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    for (const value of Object.values(exported)) {
      const v = value as Partial<RecordingGroupDefinition & AlertDefinition>;
      if (v.source !== undefined && Array.isArray(v.rules)) recording.push(value as RecordingGroupDefinition);
      else if (v.scope) alerts.push(value as AlertDefinition);
    }
  }
  return { recording, alerts, modules };
}

const tenantWith = (id: string, thresholds: Record<string, number>) =>
  ({ id, tenancy: 'mimir', thresholds }) as unknown as Tenant;

/** Each alert's rules for the given targets: the platform's, or one tenant's own with its value inline. */
function emitted(imported: Imported, targets: (a: AlertDefinition) => RuleTarget[]) {
  const compiled = imported.alerts.flatMap((alert) =>
    targets(alert).map((target) => ({ alert, target, ...compileAlert(alert, target, env, 0) })),
  );
  const groups: RuleGroup[] = [
    ...imported.recording.map((g) => ({ name: g.name, interval: '1m', rules: g.rules })),
    ...(compiled.length ? [{ name: 'alerts', interval: '1m', rules: compiled.flatMap((c) => c.rules) }] : []),
  ];
  return { compiled, groups, yaml: toYaml(ruleFileDocument(groups)) };
}

const key = (r: ReadRule | Rule) => ('record' in r ? `record ${r.record}` : `alert ${r.alert}`);

/** Every original rule against the emitted one of the same name and position: expression (Go-printed), for, labels, annotations. */
async function compare(original: readonly ReadRule[], rules: readonly Rule[]): Promise<string[]> {
  const differences: string[] = [];
  const pool = new Map<string, Rule[]>();
  for (const r of rules) pool.set(key(r), [...(pool.get(key(r)) ?? []), r]);
  for (const o of original) {
    const match = pool.get(key(o))?.shift();
    if (!match) {
      differences.push(`${o.path}: ${key(o)} was not emitted`);
      continue;
    }
    const [a, b] = await Promise.all([goFormat(o.expr), goFormat(match.expr)]);
    if (a !== b) differences.push(`${o.path}.expr: ${a} became ${b}`);
    if (JSON.stringify(o.labels) !== JSON.stringify(match.labels ?? {}))
      differences.push(`${o.path}.labels: ${JSON.stringify(o.labels)} became ${JSON.stringify(match.labels)}`);
    if (o.kind === 'alert') {
      const m = match as AlertingRule;
      if (seconds(o.for ?? '0s') !== seconds(m.for)) differences.push(`${o.path}.for: ${o.for} became ${m.for}`);
      if (JSON.stringify(o.annotations) !== JSON.stringify(m.annotations))
        differences.push(
          `${o.path}.annotations: ${JSON.stringify(o.annotations)} became ${JSON.stringify(m.annotations)}`,
        );
    }
  }
  return differences;
}

/** `promtool check rules` on the emitted file, and `promtool test rules` on every alert's generated tests. */
async function promtool(result: ReturnType<typeof emitted>, tenants: readonly Tenant[] = []) {
  const dir = await mkdtemp(join(tmpdir(), 'plotwatch-rules-import-'));
  try {
    await writeFile(join(dir, 'rules.yaml'), result.yaml);
    const checked = await run('promtool', ['check', 'rules', 'rules.yaml'], dir);
    const files: string[] = [];
    for (const c of result.compiled) {
      const cases =
        c.alert.scope === 'platform'
          ? c.alert.tests()
          : c.alert.tests(
              c.target.kind === 'shared'
                ? tenants
                : tenants.filter((t) => c.target.kind === 'own' && t.id === c.target.tenant.id),
            );
      const steps = [...new Set(cases.map((x) => x.evaluationInterval))];
      for (const step of steps) {
        const file = `${c.alert.name}${c.target.kind === 'own' ? `.${c.target.tenant.id}` : ''}.${step}.test.json`;
        await writeFile(
          join(dir, file),
          promtoolTestFile({
            ruleFiles: ['rules.yaml'],
            groupOrder: result.groups.map((g) => g.name),
            alert: c.compiled,
            cases: cases.filter((x) => x.evaluationInterval === step),
          }),
        );
        files.push(file);
      }
    }
    // One promtool for every file (a start each cost more than the tests); it fails when any file
    // fails, and only then is each file run alone, to say which failed and how.
    // With the suite's promtool settings (a collector half as frequent, one Go thread).
    const test = (...names: string[]) => run('promtool', ['test', 'rules', ...names], dir, PROMTOOL_TEST_ENV);
    const all = files.length ? await test(...files) : { ok: true, output: '' };
    const tested = all.ok ? [] : await Promise.all(files.map((f) => test(f)));
    const failed = tested.flatMap((t, i) => (t.ok ? [] : [`${files[i]}: ${t.output}`]));
    if (!all.ok && !failed.length) failed.push(`promtool test rules ${files.join(' ')}: ${all.output}`);
    return { check: checked, tests: files.length, failed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let linter: ESLintClass | undefined;
async function lintAndFormat(modules: Imported['modules']) {
  // One ESLint for the file: its configuration and plugins are loaded once.
  const eslint = (linter ??= new ESLint({ cwd: REPO_ROOT }));
  const problems: string[] = [];
  for (const m of modules) {
    const options = { ...(await resolveConfig(join(REPO_ROOT, m.path))), filepath: join(REPO_ROOT, m.path) };
    if (!(await check(m.content, options))) problems.push(`${m.path}: not formatted as prettier --check wants`);
    const [result] = await eslint.lintText(m.content, { filePath: join(REPO_ROOT, m.path) });
    for (const message of result?.messages ?? []) problems.push(`${m.path}:${message.line}: ${message.message}`);
  }
  return problems;
}

const fixtures = (await readdir(FIXTURES)).filter((f) => /\.ya?ml$/.test(f)).sort();

describe('rule files round-trip: import, render, load, emit', () => {
  it.each(fixtures)(
    '%s',
    async (fixture) => {
      const text = await readFile(join(FIXTURES, fixture), 'utf8');
      const original = readRuleFile(text, fixture).groups.flatMap((g) => g.rules);
      const imported = await importFile(fixture, text);
      const result = emitted(imported, () => [{ kind: 'platform' }]);
      const differences = await compare(
        original,
        result.groups.flatMap((g) => g.rules),
      );
      const tools = await promtool(result);
      const style = await lintAndFormat(imported.modules);
      const alerts = original.filter((r) => r.kind === 'alert').length;
      const todo = imported.modules.reduce((n, m) => n + (m.content.match(/\/\/ TODO: no proof/g)?.length ?? 0), 0);
      console.log(
        `rules round trip ${fixture}: ${original.length} rules (${alerts} alerting), ${original.length - differences.length} equal after the Go printer, ` +
          `promtool check ${tools.check.ok ? 'ok' : 'FAILED'}, ${tools.tests - tools.failed.length}/${tools.tests} generated test files pass, ` +
          `${alerts - todo}/${alerts} alerting rules proven (${todo} TODO), ${style.length} lint/format problems`,
      );
      expect(differences).toEqual([]);
      expect(tools.check.output).toMatch(/SUCCESS/);
      expect(tools.check.ok).toBe(true);
      expect(tools.failed).toEqual([]);
      expect(style).toEqual([]);
    },
    120_000,
  );
});

const perTenant = `groups:
  - name: tenants
    rules:
      - alert: HighErrorRatio
        expr: sum by (tenant) (rate(errors_total{tenant="acme", job="api"}[5m])) / sum by (tenant) (rate(requests_total{tenant="acme", job="api"}[5m])) > 0.05
        for: 10m
        labels: { severity: critical }
        annotations:
          summary: 'Errors of {{ $labels.tenant }}: {{ $value | humanizePercentage }}'
      - alert: HighErrorRatio
        expr: sum by (tenant) (rate(errors_total{job="api", tenant="globex"}[5m])) / sum by (tenant) (rate(requests_total{tenant="globex", job="api"}[5m])) > 0.01
        for: 10m
        labels: { severity: critical }
        annotations:
          summary: 'Errors of {{ $labels.tenant }}: {{ $value | humanizePercentage }}'
`;

describe('an alert repeated per tenant with different literals', () => {
  it('becomes one alert on a per-tenant threshold: each tenant gets its own expression back, and its proof passes', async () => {
    const original = readRuleFile(perTenant, 'tenants.yaml').groups.flatMap((g) => g.rules);
    const plan = planRules(readRuleFile(perTenant, 'tenants.yaml'), { domain: 'tenants' });
    expect(plan.newThresholds).toEqual([
      {
        id: 'high_error_ratio',
        alert: 'HighErrorRatio',
        spec: "high_error_ratio: { description: 'HighErrorRatio: Errors of', unit: 'ratio', min: 0, max: 1 },",
        tierDefault: 'high_error_ratio: 0.05,',
        overrides: [{ tenant: 'globex', line: 'high_error_ratio: 0.01' }],
      },
    ]);
    const imported = await importFile('tenants.yaml', perTenant, { domain: 'tenants' });
    expect(imported.alerts.map((a) => [a.name, a.scope])).toEqual([['HighErrorRatio', 'tenant']]);
    const tenants = [tenantWith('acme', { high_error_ratio: 0.05 }), tenantWith('globex', { high_error_ratio: 0.01 })];
    const own = emitted(imported, () => tenants.map((tenant) => ({ kind: 'own', tenant }) as const));
    expect(
      await compare(
        original,
        own.groups.flatMap((g) => g.rules),
      ),
    ).toEqual([]);
    const tools = await promtool(own, tenants);
    expect(tools.failed).toEqual([]);
    expect(tools.tests).toBe(2);
    const [shared] = compileAlert(imported.alerts[0]!, { kind: 'shared' }, env, 0).rules;
    expect(await goFormat(shared!.expr)).toBe(
      await goFormat(
        'sum by (tenant) (rate(errors_total{job="api"}[5m])) / sum by (tenant) (rate(requests_total{job="api"}[5m])) > on (tenant) group_left tenant:high_error_ratio:threshold',
      ),
    );
    // The shared rule, every tenant's threshold joined from its series, proven for both tenants at once.
    const sharedRules = emitted(imported, () => [{ kind: 'shared' }]);
    const thresholds: RuleGroup = {
      name: 'thresholds',
      interval: '1m',
      rules: paramSeriesRules(thresholdParam('high_error_ratio' as ThresholdId), tenants),
    };
    const withThresholds = {
      ...sharedRules,
      groups: [thresholds, ...sharedRules.groups],
      yaml: toYaml(ruleFileDocument([thresholds, ...sharedRules.groups])),
    };
    const sharedTools = await promtool(withThresholds, tenants);
    expect(sharedTools.failed).toEqual([]);
    expect(sharedTools.tests).toBe(1);
    expect(tenantScope('acme')).toEqual({ kind: 'tenant', tenantId: 'acme' });
    expect(await lintAndFormat(imported.modules)).toEqual([]);
  }, 60_000);
});

const named = `groups:
  - name: api
    rules:
      - alert: ApiErrors
        expr: sum by (tenant) (rate(errors_total{job="api"}[5m])) / sum by (tenant) (rate(requests_total{job="api"}[5m])) > 0.02
        for: 10m
        labels: { severity: warning }
        annotations: { summary: 'Errors of {{ $labels.tenant }} at {{ $value | humanizePercentage }}' }
`;

describe('an alert named by --threshold', () => {
  it('reads the threshold id: its own expression back at the tenant value, proven for each tenant', async () => {
    const options = { domain: 'api', thresholds: new Map([['ApiErrors', 'story_api_error_ratio']]) };
    const imported = await importFile('named.yaml', named, options);
    const tenants = [tenantWith('acme', { story_api_error_ratio: 0.02 })];
    const own = emitted(imported, () => tenants.map((tenant) => ({ kind: 'own', tenant }) as const));
    expect(
      await compare(
        readRuleFile(named, 'named.yaml').groups[0]!.rules,
        own.groups.flatMap((g) => g.rules),
      ),
    ).toEqual([]);
    const tools = await promtool(own, tenants);
    expect(tools.failed).toEqual([]);
    expect(tools.tests).toBe(1);
    expect(await lintAndFormat(imported.modules)).toEqual([]);
  }, 60_000);
});
