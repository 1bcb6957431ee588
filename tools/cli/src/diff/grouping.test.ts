import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { asTree, compileOrThrow } from '@plotwatch/build/testing';
import { syntheticTenants, tiers, type Tenant } from '@plotwatch/platform';
import { renderMarkdown, sectionCounts } from './markdown.ts';
import { groupEntries, summarize, type Summary } from './summarize.ts';

const tenants = syntheticTenants(30);
const base = asTree(compileOrThrow(tenants));
const ids = tenants.map((t) => t.id);

/** The head tree with every rule named `alert` (Prometheus, Mimir and Grafana-managed) given `for`. */
function withFor(tree: ReadonlyMap<string, string>, alert: string, value: string): Map<string, string> {
  const head = new Map(tree);
  for (const [path, content] of tree) {
    if (!content.includes(alert)) continue;
    if (/^(prometheus\/rules|mimir)\/.*\.yaml$/.test(path)) {
      const doc = parseYaml(content) as { groups: Array<{ rules: Array<Record<string, unknown>> }> };
      for (const g of doc.groups) for (const r of g.rules) if (r.alert === alert) r.for = value;
      head.set(path, stringify(doc));
    } else if (path.startsWith('grafana/alerting/rules/')) {
      const doc = JSON.parse(content) as { rules: Array<{ title: string; for: string }> };
      for (const r of doc.rules) if (r.title === alert) r.for = value;
      head.set(path, JSON.stringify(doc, null, 2));
    }
  }
  return head;
}

const markdownOf = (s: Summary) => renderMarkdown(s);

// Each test compiles 30 tenants at least once.
describe('diff grouping', { timeout: 60_000 }, () => {
  it('one shared rule change is one line for all tenants, with exact counts', () => {
    const s = summarize(base, withFor(base, 'ModelDriftHigh', '45m'));
    const rules = groupEntries(s).filter((g) => g.section === 'rules');
    // The shared Prometheus rule, the Mimir tenants' copies and their Grafana-managed ones: each one line.
    for (const g of rules) expect(g).toMatchObject({ subject: 'ModelDriftHigh', field: 'for', after: '45m' });
    const md = markdownOf(s);
    expect(md).toMatch(/- changed: \*\*ModelDriftHigh\*\* for: `\d+m` → `45m` \(/);
    expect(md.match(/ModelDriftHigh/g)!.length).toBe(rules.length);
    for (const c of sectionCounts(md)) expect(c.listed, c.heading).toBe(c.count);
    expect(md).toContain(`- Alert and recording rules: ${rules.length} change`);
  });

  it('a tier default changed collapses per tier, with its value', () => {
    const enterprise = tiers.enterprise.thresholds.story_api_error_ratio;
    const changed = tenants.map((t) =>
      t.tier === 'enterprise' ? { ...t, thresholds: { ...t.thresholds, story_api_error_ratio: enterprise * 3 } } : t,
    );
    const s = summarize(base, asTree(compileOrThrow(changed)));
    const thresholds = groupEntries(s).filter((g) => g.section === 'thresholds');
    // Threshold series are for the shared Prometheus' tenants; a Mimir tenant's rules inline the value.
    const inTier = tenants.filter((t) => t.tier === 'enterprise' && t.tenancy === 'label').map((t) => t.id);
    const inMimir = tenants.filter((t) => t.tier === 'enterprise' && t.tenancy === 'mimir').map((t) => t.id);
    const rules = groupEntries(s).filter((g) => g.section === 'rules');
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((g) => g.field === 'expr' && g.after!.endsWith(`> ${enterprise * 3}`))).toBe(true);
    expect([...new Set(rules.flatMap((g) => g.tenants))].sort()).toEqual(inMimir);
    expect(thresholds).toEqual([
      expect.objectContaining({
        status: 'changed',
        subject: 'tenant:story_api_error_ratio:threshold',
        before: String(enterprise),
        after: String(enterprise * 3),
        tenants: inTier,
        count: inTier.length,
      }),
    ]);
    expect(markdownOf(s)).toContain(
      `(${inTier.length} tenants: ${inTier.slice(0, 3).join(', ')}, … +${inTier.length - 3})`,
    );
  });

  it('a threshold changed for every tenant says "all N tenants"', () => {
    const changed: Tenant[] = tenants.map((t) => ({
      ...t,
      thresholds: { ...t.thresholds, story_api_error_ratio: 0.5 },
    }));
    const md = markdownOf(summarize(base, asTree(compileOrThrow(changed))));
    expect(md).toMatch(new RegExp(`\\*\\*tenant:story_api_error_ratio:threshold\\*\\*: .*\`0\\.5\` \\(`));
    // One line per old value (one per tier), every tenant once.
    const lines = md.split('\n').filter((l) => l.includes('tenant:story_api_error_ratio:threshold'));
    expect(lines.length).toBe(new Set(tenants.map((t) => t.thresholds.story_api_error_ratio)).size);
  });

  it('a new threshold id is listed with its value', () => {
    const path = 'prometheus/rules/thresholds.yaml';
    const doc = parseYaml(base.get(path)!) as { groups: Array<{ rules: Array<Record<string, unknown>> }> };
    for (const id of ids)
      doc.groups[0]!.rules.push({ record: 'tenant:new_thing:threshold', expr: 'vector(7)', labels: { tenant: id } });
    const s = summarize(base, new Map(base).set(path, stringify(doc)));
    expect(groupEntries(s).filter((g) => g.section === 'thresholds')).toEqual([
      expect.objectContaining({
        status: 'added',
        subject: 'tenant:new_thing:threshold',
        after: '7',
        tenants: [...ids].sort(),
      }),
    ]);
    expect(markdownOf(s)).toContain(`- added: **tenant:new_thing:threshold**: \`7\` (all ${ids.length} tenants)`);
  });

  it('routes: a tenant channel changed shows matchers and receivers, in Alertmanager and Grafana', () => {
    const target = tenants[0]!;
    const changed = tenants.map((t) =>
      t === target ? { ...t, notifications: t.notifications.map((n) => ({ ...n, name: 'ops-hook' })) } : t,
    );
    const s = summarize(base, asTree(compileOrThrow(changed)));
    const routes = groupEntries(s).filter((g) => g.section === 'routes');
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.every((g) => g.tenants.length === 1 && g.tenants[0] === target.id)).toBe(true);
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'added', subject: `receiver tenant/${target.id}/ops-hook` }),
        expect.objectContaining({ status: 'removed', subject: `receiver tenant/${target.id}/ops-webhook` }),
        expect.objectContaining({
          status: 'changed',
          field: 'receivers',
          subject: expect.stringContaining(`tenant="${target.id}"`),
          after: expect.stringContaining(`tenant/${target.id}/ops-hook`),
        }),
      ]),
    );
    const paths = new Set(s.entries.filter((e) => e.section === 'routes').map((e) => e.path));
    expect(paths).toContain('alertmanager/alertmanager.yaml');
    expect([...paths].some((p) => p.startsWith('grafana/alerting/routing-trees/'))).toBe(true);
    expect(markdownOf(s)).not.toContain('the route tree changed');
  });

  it('panels are matched by id: a rename is "renamed"; legend, unit and min/max are shown', () => {
    const head = new Map(base);
    for (const id of ids) {
      const path = `grafana/dashboards/tenants/${id}/ops/${id}-ops-story-api.json`;
      const d = JSON.parse(head.get(path)!) as {
        panels: Array<{
          title: string;
          targets?: Array<{ legendFormat?: string }>;
          fieldConfig?: { defaults: { unit?: string; max?: number } };
        }>;
      };
      const p = d.panels.find((x) => x.title === 'Request rate')!;
      p.title = 'Requests';
      p.targets![0]!.legendFormat = 'req/s';
      p.fieldConfig!.defaults.unit = 'rps';
      p.fieldConfig!.defaults.max = 100;
      head.set(path, JSON.stringify(d, null, 2));
    }
    const s = summarize(base, head);
    const panels = groupEntries(s).filter((g) => g.section === 'panels');
    expect(panels.map((g) => [g.status, g.field, g.after, g.tenants.length])).toEqual([
      ['changed', 'legend A', 'req/s', ids.length],
      ['changed', 'max', '100', ids.length],
      ['renamed', 'title', 'Requests', ids.length],
      ['changed', 'unit', 'rps', ids.length],
    ]);
    expect(panels.every((g) => g.subject === '<tenant>-ops-story-api › Requests')).toBe(true);
    expect(markdownOf(s)).not.toMatch(/panel (added|removed)|- (added|removed): \*\*<tenant>-ops-story-api/);
  });

  it('keeps to its size budget, says what it left out, and points at the JSON', () => {
    const changed: Tenant[] = tenants.map((t, i) => ({
      ...t,
      thresholds: { ...t.thresholds, story_api_error_ratio: 0.1 + i / 1000 },
    }));
    const s = summarize(base, asTree(compileOrThrow(changed)));
    const md = renderMarkdown(s, 4_000);
    expect(md.length).toBeLessThan(4_000);
    expect(md).toMatch(/_\d+ more not shown \(size budget\)/);
    expect(md).toContain('`plotwatch diff --format json` has every per-tenant change.');
    for (const c of sectionCounts(md)) expect(c.listed, c.heading).toBe(c.count);
    // The JSON keeps every tenant's change.
    const label = tenants.filter((t) => t.tenancy === 'label');
    expect(s.entries.filter((e) => e.subject === 'tenant:story_api_error_ratio:threshold')).toHaveLength(label.length);
  });
});
