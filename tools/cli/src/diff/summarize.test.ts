import { describe, expect, it } from 'vitest';
import { asTree, compileOrThrow } from '@plotwatch/build/testing';
import { fixtureTenants } from '@plotwatch/testing';
import { renderMarkdown } from './markdown.ts';
import { summarize } from './summarize.ts';

/** A sample change: one tenant's threshold, one panel's query, one new dashboard (of the fixed fixture tenants). */
function sampleChange() {
  const tenants = fixtureTenants();
  const base = asTree(compileOrThrow(tenants));
  const changed = tenants.map((t) =>
    t.id === 'inkwell' ? { ...t, thresholds: { ...t.thresholds, story_api_error_ratio: 0.04 } } : t,
  );
  const head = new Map(asTree(compileOrThrow(changed)));

  const path = 'grafana/dashboards/tenants/tinytales/ops/tinytales-ops-story-api.json';
  const dashboard = JSON.parse(head.get(path)!) as {
    uid: string;
    title: string;
    panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
  };
  dashboard.panels.find((p) => p.title === 'Latency p95')!.targets[0]!.expr =
    'histogram_quantile(0.99, tenant_service_le:http_request_duration_seconds_bucket:rate5m{tenant="tinytales", service="story-api"})';
  head.set(path, JSON.stringify(dashboard, null, 2));
  head.set(
    'grafana/dashboards/tenants/tinytales/ops/tinytales-ops-new.json',
    JSON.stringify({ ...dashboard, uid: 'tinytales-ops-new', title: 'Tiny Tales · new' }, null, 2),
  );
  return { base, head };
}

describe('summarize', () => {
  it('finds the changed threshold, the changed query and the added dashboard, and nothing else', () => {
    const { base, head } = sampleChange();
    const s = summarize(base, head);
    expect(s.thresholds).toEqual([
      {
        series: 'tenant:story_api_error_ratio:threshold',
        tenant: 'inkwell',
        before: 'vector(0.03)',
        after: 'vector(0.04)',
      },
    ]);
    expect(s.dashboardsAdded.map((d) => d.uid)).toEqual(['tinytales-ops-new']);
    expect(s.dashboardsChanged.map((d) => d.uid)).toEqual(
      expect.arrayContaining(['tinytales-ops-story-api', 'inkwell-ops-story-api']),
    );
    expect(s.dashboardsRemoved).toEqual([]);
  });

  it('renders the PR comment (snapshot)', async () => {
    const { base, head } = sampleChange();
    await expect(renderMarkdown(summarize(base, head))).toMatchFileSnapshot('./__snapshots__/sample-change.md');
  });

  it('says nothing changed when nothing did', () => {
    const tree = asTree(compileOrThrow());
    expect(renderMarkdown(summarize(tree, tree))).toContain('- Dashboards: 0 added, 0 removed, 0 changed');
  });
});

describe('summarize, schema v2', () => {
  const tenants = fixtureTenants();
  const dev = asTree(compileOrThrow(tenants, 'dev'));

  it("reads a v2 resource's panels, queries and thresholds as it reads a classic dashboard", () => {
    const path = 'grafana/resources/tenant-tinytales/ops/tinytales-ops-story-api.json';
    type Resource = {
      spec: {
        elements: Record<
          string,
          {
            spec: {
              title: string;
              data: { spec: { queries: Array<{ spec: { query: { spec: { expr: string } } } }> } };
            };
          }
        >;
      };
    };
    const resource = JSON.parse(dev.get(path)!) as Resource;
    const panel = Object.values(resource.spec.elements).find((e) => e.spec.title === 'Latency p95')!;
    const before = panel.spec.data.spec.queries[0]!.spec.query.spec.expr;
    panel.spec.data.spec.queries[0]!.spec.query.spec.expr = 'vector(1)';
    const head = new Map(dev).set(path, JSON.stringify(resource, null, 2));
    const s = summarize(dev, head);
    expect(s.dashboardsChanged).toEqual([
      {
        uid: 'tinytales-ops-story-api',
        title: expect.any(String),
        group: 'tenant-tinytales/ops',
        panelsAdded: [],
        panelsRemoved: [],
        panelsChanged: [{ title: 'Latency p95', queries: [{ refId: 'A', before, after: 'vector(1)' }] }],
      },
    ]);
    expect(s.otherFiles).toEqual([]);
  });

  it('sees no dashboard change when only the schema changes (v1 -> v2 with the same dashboards)', () => {
    const s = summarize(asTree(compileOrThrow(tenants, 'dev', 'v1')), dev);
    expect([s.dashboardsAdded, s.dashboardsRemoved, s.dashboardsChanged]).toEqual([[], [], []]);
  });

  it('lists a dashboard once when both schemas are written', () => {
    const changed = tenants.map((t) =>
      t.id === 'inkwell' ? { ...t, thresholds: { ...t.thresholds, story_api_error_ratio: 0.04 } } : t,
    );
    const s = summarize(asTree(compileOrThrow(tenants, 'dev', 'both')), asTree(compileOrThrow(changed, 'dev', 'both')));
    const uids = s.dashboardsChanged.map((d) => d.uid);
    expect(uids).toContain('inkwell-ops-story-api');
    expect(new Set(uids).size).toBe(uids.length);
  });
});
