import { describe, expect, it } from 'vitest';
import { asTree, compileOrThrow } from '@plotwatch/build/testing';
import { syntheticTenants } from '@plotwatch/platform';
import { renderMarkdown } from './markdown.ts';
import { groupEntries, summarize, type Entry } from './summarize.ts';

/** Fixture tenants (one per tier and a Mimir one), so the repository's own tenants change nothing here. */
const tenants = syntheticTenants(10);
/** A tenant with a threshold for story-api's error ratio, and that threshold. */
const subject = tenants.find((t) => t.thresholds.story_api_error_ratio !== undefined)!;
const threshold = subject.thresholds.story_api_error_ratio!;
/** Another tenant with a classic story-api dashboard, whose panel the sample edits. */
const other = tenants.find((t) => t.id !== subject.id && t.thresholds.story_api_error_ratio !== undefined)!;

/** A sample change: one tenant's threshold, one panel's query, one new dashboard. */
function sampleChange() {
  const base = asTree(compileOrThrow(tenants));
  const changed = tenants.map((t) =>
    t.id === subject.id ? { ...t, thresholds: { ...t.thresholds, story_api_error_ratio: threshold * 2 } } : t,
  );
  const head = new Map(asTree(compileOrThrow(changed)));

  const path = `grafana/dashboards/tenants/${other.id}/ops/${other.id}-ops-story-api.json`;
  const dashboard = JSON.parse(head.get(path)!) as {
    uid: string;
    title: string;
    panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
  };
  dashboard.panels.find((p) => p.title === 'Latency p95')!.targets[0]!.expr = 'vector(1)';
  head.set(path, JSON.stringify(dashboard, null, 2));
  head.set(
    `grafana/dashboards/tenants/${other.id}/ops/${other.id}-ops-new.json`,
    JSON.stringify({ ...dashboard, uid: `${other.id}-ops-new`, title: 'new' }, null, 2),
  );
  return { base, head };
}

const bySection = (entries: readonly Entry[], section: Entry['section']) =>
  entries.filter((e) => e.section === section);

describe('summarize', () => {
  it('finds the changed threshold, the changed query and the added dashboard, and nothing else', () => {
    const { base, head } = sampleChange();
    const s = summarize(base, head);
    expect(bySection(s.entries, 'thresholds')).toEqual([
      {
        section: 'thresholds',
        status: 'changed',
        subject: 'tenant:story_api_error_ratio:threshold',
        before: String(threshold),
        after: String(threshold * 2),
        tenant: subject.id,
        path: 'prometheus/rules/thresholds.yaml',
      },
    ]);
    expect(bySection(s.entries, 'dashboards')).toEqual([
      expect.objectContaining({ status: 'added', subject: `${other.id}-ops-new`, tenant: other.id }),
    ]);
    expect(bySection(s.entries, 'panels').map((e) => [e.subject, e.field, e.tenant])).toEqual(
      expect.arrayContaining([
        [`${other.id}-ops-story-api › Latency p95`, 'query A', other.id],
        [`${subject.id}-ops-story-api › Error ratio (5xx)`, 'thresholds', subject.id],
      ]),
    );
    expect(bySection(s.entries, 'rules')).toEqual([]);
    expect(s.tenants).toEqual(tenants.map((t) => t.id).sort());
  });

  it('renders the PR comment (snapshot)', async () => {
    const { base, head } = sampleChange();
    await expect(renderMarkdown(summarize(base, head))).toMatchFileSnapshot('./__snapshots__/sample-change.md');
  });

  it('says nothing changed when nothing did', () => {
    const tree = asTree(compileOrThrow(tenants));
    const text = renderMarkdown(summarize(tree, tree));
    expect(text).toContain('- Dashboards: 0 changes');
    expect(text).not.toContain('###');
  });
});

describe('summarize, schema v2', () => {
  const dev = asTree(compileOrThrow(tenants, 'dev'));
  const path = [...dev.keys()].find((p) => /^grafana\/resources\/tenant-[^/]+\/ops\/.*-ops-story-api\.json$/.test(p))!;
  const uid = path.slice(path.lastIndexOf('/') + 1, -'.json'.length);

  it("reads a v2 resource's panels, queries and thresholds as it reads a classic dashboard", () => {
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
    const tenant = uid.slice(0, -'-ops-story-api'.length);
    expect(summarize(dev, head).entries).toEqual([
      {
        section: 'panels',
        status: 'changed',
        subject: `${uid} › Latency p95`,
        field: 'query A',
        before,
        after: 'vector(1)',
        tenant,
        path,
      },
    ]);
  });

  it('sees no dashboard change when only the schema changes (v1 -> v2 with the same dashboards)', () => {
    const s = summarize(asTree(compileOrThrow(tenants, 'dev', 'v1')), dev);
    expect(s.entries.filter((e) => e.section === 'dashboards' || e.section === 'panels')).toEqual([]);
  });

  it('lists a dashboard once when both schemas are written', () => {
    const changed = tenants.map((t) =>
      t.id === subject.id ? { ...t, thresholds: { ...t.thresholds, story_api_error_ratio: threshold * 2 } } : t,
    );
    const s = summarize(asTree(compileOrThrow(tenants, 'dev', 'both')), asTree(compileOrThrow(changed, 'dev', 'both')));
    const panels = bySection(s.entries, 'panels');
    expect(panels.map((e) => e.subject)).toEqual([`${subject.id}-ops-story-api › Error ratio (5xx)`]);
    expect(groupEntries(s).filter((g) => g.section === 'panels')).toHaveLength(1);
  });
});
