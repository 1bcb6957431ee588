import { dashboardSchemaErrors, MAX_UID_LENGTH, type DashboardDefinition } from '@plotwatch/grafana';
import {
  environments,
  findMetric,
  loadTenants,
  PERSONAS,
  personas,
  platform,
  resolveTenant,
  TENANT_LABEL,
  type Tenant,
  type ThresholdId,
} from '@plotwatch/platform';
import { substituteVariables, walk } from '@plotwatch/promql';
import {
  aiSignals,
  capacitySignals,
  dailyTotals,
  engagementSignals,
  goldenSignals,
  eventSignals,
  latencyQuantile,
  latencyQuantiles,
  mlSignals,
  recordingGroups,
  sloSignals,
  slos,
  uxSignals,
} from '@plotwatch/recording-rules';
import { sloIndicatorRules } from '@plotwatch/rules';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dashboards } from './index.ts';

const env = environments.prod;
const tenantsDir = new URL('../libs/platform/tenants/', import.meta.url);

function repoTenants(): Tenant[] {
  const files = readdirSync(tenantsDir).map((name) => ({
    path: name,
    text: readFileSync(new URL(name, tenantsDir), 'utf8'),
  }));
  const loaded = loadTenants(files);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.tenants;
}

interface PanelJson {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Array<{ expr: string; exemplar?: boolean }>;
  fieldConfig?: {
    defaults?: {
      links?: Array<{ url: string }>;
      thresholds?: { steps: Array<{ value: number | null; color: string }> };
    };
  };
}
interface DashboardJson {
  uid: string;
  title: string;
  panels: PanelJson[];
}

function build(definition: DashboardDefinition, tenant: Tenant | undefined): DashboardJson {
  const persona = personas[definition.persona];
  const builder =
    definition.scope === 'platform'
      ? definition.build({ persona, env, platform })
      : definition.build({ tenant: tenant!, persona, env, platform });
  return JSON.parse(JSON.stringify(builder.build())) as DashboardJson;
}

const tenants = repoTenants();
const tenantDefinitions = dashboards.filter((d) => d.scope === 'tenant');
const platformDefinitions = dashboards.filter((d) => d.scope === 'platform');
const built = [
  ...tenants.flatMap((tenant) =>
    tenantDefinitions.map((definition) => ({
      definition,
      tenant: tenant as Tenant | undefined,
      json: build(definition, tenant),
    })),
  ),
  ...platformDefinitions.map((definition) => ({ definition, tenant: undefined, json: build(definition, undefined) })),
];
const named = built.map((b) => [b.json.uid, b] as const);
const queries = (d: DashboardJson) =>
  d.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

/** Series that carry a tenant label: catalog metrics of the tenants, and recordings whose level keeps `tenant`. */
function isTenantLabelled(metric: string): boolean {
  return metric.includes(':')
    ? metric.split(':')[0]!.split('_').includes(TENANT_LABEL)
    : (findMetric(metric)?.tenantScoped ?? false);
}

describe('every dashboard', () => {
  it.each(named)("%s validates against Grafana's schemas", (_uid, { json }) => {
    expect(dashboardSchemaErrors(json)).toEqual([]);
  });

  it.each(named)('%s numbers its panels uniquely and lays them out without overlaps', (_uid, { json }) => {
    const ids = json.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const { gridPos: g, title } of json.panels) {
      expect(g.x + g.w, title).toBeLessThanOrEqual(24);
      for (let x = g.x; x < g.x + g.w; x++)
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`), `${title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  it('has a unique uid Grafana accepts, even for a tenant id of the maximum length (20)', () => {
    const longest = resolveTenant(
      {
        id: 'abcdefghijklmnopqrst',
        displayName: 'Longest',
        tier: 'free',
        tenancy: 'label',
        notifications: [{ name: 'e', type: 'email', to: 'a@b.example' }],
      },
      'test',
    );
    const uids = [...built.map((b) => b.json.uid), ...tenantDefinitions.map((d) => build(d, longest).uid)];
    expect(new Set(uids).size).toBe(uids.length);
    for (const uid of uids) expect(uid.length, uid).toBeLessThanOrEqual(MAX_UID_LENGTH);
  });
});

describe('tenant-scoped dashboards', () => {
  it.each(tenants.map((t) => [t.id, t] as const))('are all built for %s, for every persona', (_id, tenant) => {
    const uids = built
      .filter((b) => b.tenant?.id === tenant.id)
      .map((b) => b.json.uid)
      .sort();
    expect(uids).toEqual(tenantDefinitions.map((d) => `${tenant.id}-${d.persona}-${d.slug}`).sort());
    expect(new Set(tenantDefinitions.map((d) => d.persona))).toEqual(new Set(PERSONAS));
  });

  it.each(built.filter((b) => b.tenant).map((b) => [b.json.uid, b] as const))(
    "%s selects only its tenant's series, each with the exact tenant matcher",
    (_uid, { json, tenant }) => {
      for (const { panel, expr } of queries(json)) {
        for (const s of walk(substituteVariables(expr).text).selectors) {
          const where = `panel "${panel}": ${s.metric}`;
          expect(isTenantLabelled(s.metric ?? ''), `${where} has no tenant label`).toBe(true);
          expect(
            s.matchers.filter((m) => m.label === TENANT_LABEL).map((m) => `${m.op}${m.value}`),
            where,
          ).toEqual([`=${tenant!.id}`]);
        }
      }
    },
  );

  it.each(built.filter((b) => b.tenant).map((b) => [b.json.uid, b] as const))(
    '%s never names another tenant (queries, links, titles)',
    (_uid, { json, tenant }) => {
      const text = JSON.stringify(json);
      for (const other of tenants.filter((t) => t.id !== tenant!.id)) {
        expect(text, other.id).not.toMatch(new RegExp(`(?<![a-z0-9-])${other.id}(?![a-z0-9-])`));
      }
    },
  );

  it('read latency percentiles from recordings, never raw buckets, and link each to its logs and traces', () => {
    // Every request, inference, agent, generation and event latency (session lengths are not a service's latency).
    const latency = built
      .filter((b) => b.tenant)
      .flatMap((b) =>
        b.json.panels.filter(
          (p) =>
            p.type === 'timeseries' &&
            (p.targets ?? []).some(
              (t) =>
                /:p\d+(_\d+)?_rate5m\{|histogram_quantile/.test(t.expr) && !t.expr.includes('story_session_duration'),
            ),
        ),
      );
    expect(latency.length).toBeGreaterThan(0);
    for (const panel of latency) {
      for (const t of panel.targets!) expect(t.expr, panel.title).not.toMatch(/_bucket\{/);
      expect(
        panel.fieldConfig?.defaults?.links?.some((l) => l.url.includes('loki-prod')),
        panel.title,
      ).toBe(true);
      expect(
        panel.fieldConfig?.defaults?.links?.some((l) => l.url.includes('tempo')),
        panel.title,
      ).toBe(true);
    }
  });

  it('ask for one current value with an instant query, and draw history with range queries', () => {
    for (const { json } of built) {
      for (const p of json.panels) {
        const instant = (p.targets ?? []).map(
          (t) =>
            (t as { instant?: boolean; range?: boolean }).instant === true &&
            (t as { range?: boolean }).range === false,
        );
        expect(
          instant.every((i) => i === ['stat', 'gauge', 'bargauge', 'table'].includes(p.type)),
          `${json.uid} "${p.title}" (${p.type})`,
        ).toBe(true);
      }
    }
  });
});

/** The panels that draw a tenant's alert threshold, and which one: the line must be the tenant's own value. */
const thresholdLines: Array<[persona: string, slug: string, panel: string, threshold: ThresholdId]> = [
  ['ops', 'story-api', 'Error ratio (5xx)', 'story_api_error_ratio'],
  ['ops', 'story-api', 'Latency p95', 'story_api_p95_latency_seconds'],
  ['ops', 'story-api', 'Saturation: requests in flight', 'story_api_max_in_flight_requests'],
  ['ops', 'events', 'Consumer lag', 'consumer_lag_max_messages'],
  ['ops', 'events', 'Dead letters', 'dead_letters_per_minute'],
  ['ml', 'inference', 'Inference latency p95 by model', 'inference_p95_latency_seconds'],
  ['ml', 'inference', 'Token throughput', 'token_throughput_min_ratio'],
  ['ml', 'inference', 'Generation failure ratio', 'generation_failure_ratio'],
  ['ml', 'quality', 'Drift score by model', 'model_drift_score'],
  ['ml', 'quality', 'Personalization accuracy', 'personalization_accuracy_min'],
  ['ml', 'quality', 'Moderation rejection ratio', 'moderation_rejection_ratio'],
  ['product', 'engagement', 'Completion rate vs last week', 'completion_rate_min_ratio'],
  ['product', 'ux', 'Interaction response time p95', 'interaction_p95_latency_seconds'],
];

describe('threshold lines', () => {
  it.each(
    tenants.flatMap((t) =>
      thresholdLines.map(
        ([persona, slug, panel, threshold]) => [`${t.id}-${persona}-${slug}`, panel, threshold, t] as const,
      ),
    ),
  )('%s "%s" draws %s at the tenant\'s value, red on the bad side', (uid, title, threshold, tenant) => {
    const panel = built.find((b) => b.json.uid === uid)!.json.panels.find((p) => p.title === title)!;
    const steps = panel.fieldConfig!.defaults!.thresholds!.steps;
    expect(steps.at(-1)!.value).toBe(tenant.thresholds[threshold]);
    expect(steps.map((s) => s.color)).toContain('red');
  });
});

describe('platform-scoped dashboards', () => {
  it.each(platformDefinitions.map((d) => [`${d.persona}/${d.slug}`, build(d, undefined)] as const))(
    '%s singles out no tenant',
    (_name, json) => {
      for (const { expr } of queries(json)) {
        expect(
          walk(substituteVariables(expr).text).selectors.flatMap((s) =>
            s.matchers.filter((m) => m.label === TENANT_LABEL),
          ),
        ).toEqual([]);
      }
    },
  );
});

describe('the dashboard contract (docs/dashboard-contract.md)', () => {
  const contract = readFileSync(new URL('../docs/dashboard-contract.md', import.meta.url), 'utf8');
  const [tenantPart, platformPart] = contract.split(/^Platform scope/m);
  const entries = (part: string, scope: string) =>
    [...part!.matchAll(/^- (\w+)\/([\w-]+)[^:]*: (.*)$/gm)].map(([, persona, slug, titles]) => ({
      scope,
      persona: persona!,
      slug: slug!,
      titles: [...titles!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!),
    }));
  const tenant = tenants[0]!;
  const cases = [...entries(tenantPart!, tenant.id), ...entries(platformPart!, 'platform')];

  it.each(cases.map((c) => [`${c.scope}-${c.persona}-${c.slug}`, c] as const))(
    '%s has every panel alerts link to',
    (uid, c) => {
      const dashboard = built.find((b) => b.json.uid === uid)?.json;
      expect(dashboard, `no dashboard ${uid}`).toBeDefined();
      const expected =
        c.slug === 'services'
          ? platform.services.flatMap((s) => c.titles.map((t) => t.replace(/^S:/, `${s.name}:`)))
          : c.titles;
      expect(dashboard!.panels.map((p) => p.title)).toEqual(expect.arrayContaining(expected));
    },
  );
});

describe('the pre-aggregations of recording-rules/dashboards', () => {
  const recorded = [
    ...[capacitySignals, dailyTotals, engagementSignals, eventSignals, mlSignals, sloSignals].flatMap((signals) =>
      Object.values(signals),
    ),
    ...Object.values(latencyQuantiles).flatMap((set) => set.quantiles.map((q) => latencyQuantile(set, q))),
  ];
  const rules = [
    ...recordingGroups.flatMap((g) => g.rules),
    ...slos.flatMap(({ spec }) => sloIndicatorRules(spec, { kind: 'shared' })),
  ];
  const readers = [...built.map((b) => JSON.stringify(b.json)), ...rules.map((r) => r.expr)].join('\n');
  // The series alerts read by name (alerts/ imports them from these catalogs).
  const alerting = new Set<string>([
    ...Object.values(aiSignals),
    ...Object.values(uxSignals),
    ...Object.values(goldenSignals),
  ]);
  it.each(recorded)('%s is read by some dashboard or rule', (name) => {
    expect(readers.includes(name) || alerting.has(name), name).toBe(true);
  });
});
