import { describe, expect, it } from 'vitest';
import { normalizeExpr } from '../shared/normalize.ts';
import { compareDashboards } from './compare.ts';
import type { DashboardJson, PanelJson } from './model.ts';

const panel = (over: Partial<PanelJson> = {}): PanelJson => ({
  id: 7,
  type: 'timeseries',
  title: 'Requests',
  gridPos: { x: 0, y: 0, w: 12, h: 8 },
  fieldConfig: { defaults: { unit: 'reqps', thresholds: { steps: [{ value: null, color: 'green' }] } } },
  targets: [
    { refId: 'A', expr: 'sum(rate(http_requests_total{route="/a", tenant=~"$tenant"}[5m]))', legendFormat: 'x' },
  ],
  ...over,
});

const original: DashboardJson = {
  panels: [panel()],
  templating: {
    list: [
      { type: 'datasource', name: 'DS', query: 'prometheus' },
      { type: 'query', name: 'tenant', query: 'label_values(up, tenant)' },
      { type: 'query', name: 'route', query: 'label_values(http_requests_total{tenant=~"$tenant"}, route)' },
    ],
  },
  links: [{ type: 'link', title: 'Runbook', url: 'https://x' }],
};

/** What the kit builds for aurora-books: its own variables and sibling links, another id, the tenant in place. */
const built = (over: Partial<PanelJson> = {}): DashboardJson => ({
  panels: [
    panel({
      id: 1,
      options: { legend: { displayMode: 'list' } },
      targets: [
        {
          refId: 'A',
          expr: 'sum(rate(http_requests_total{tenant="aurora-books", route="/a"}[5m]))',
          legendFormat: 'x',
        },
      ],
      ...over,
    }),
  ],
  templating: {
    list: [
      { type: 'datasource', name: 'datasource', query: 'prometheus' },
      { type: 'constant', name: 'tenant', query: 'aurora-books' },
      { type: 'query', name: 'route', query: 'label_values(http_requests_total{tenant="aurora-books"}, route)' },
    ],
  },
  links: [
    { type: 'dashboards', title: 'Ops dashboards', tags: ['tenant:aurora-books', 'persona:ops'] },
    { type: 'link', title: 'Runbook', url: 'https://x' },
  ],
});

const tenant = { tenantId: 'aurora-books' };

describe('compareDashboards', () => {
  it("finds no difference where only ids, styling, matcher order and the kit's own variables and links differ", async () => {
    expect(await compareDashboards(original, built(), tenant)).toEqual([]);
  });

  it('reads a constant or a regex on the tenant label as the tenant it was built for', async () => {
    for (const matcher of ['tenant="acme"', 'tenant=~"acme|globex"', 'tenant=~"${tenant:regex}"']) {
      const o = {
        ...original,
        panels: [
          panel({
            targets: [
              { refId: 'A', expr: `sum(rate(http_requests_total{route="/a", ${matcher}}[5m]))`, legendFormat: 'x' },
            ],
          }),
        ],
      };
      expect(await compareDashboards(o, built(), tenant)).toEqual([]);
    }
  });

  it('names each difference that matters, where it is', async () => {
    const changed = built({
      title: 'Requests',
      gridPos: { x: 12, y: 0, w: 12, h: 8 },
      fieldConfig: { defaults: { unit: 'short', thresholds: { steps: [{ value: null, color: 'blue' }] } } },
      targets: [
        { refId: 'A', expr: 'sum(rate(http_requests_total{tenant="inkwell", route="/a"}[5m]))', legendFormat: 'y' },
      ],
    });
    const diffs = await compareDashboards(original, changed, tenant);
    expect(diffs.map((d) => d.where)).toEqual([
      'panel 0 "Requests" gridPos',
      'panel 0 "Requests" unit',
      'panel 0 "Requests" thresholds',
      'panel 0 "Requests" targets[0].expr',
      'panel 0 "Requests" targets[0].legendFormat',
    ]);
    expect(diffs[3]).toMatchObject({
      original: 'sum(rate(http_requests_total{route="/a", tenant="aurora-books"}[5m]))',
      built: 'sum(rate(http_requests_total{route="/a", tenant="inkwell"}[5m]))',
    });
  });

  it('compares variables and links after the kit’s own', async () => {
    const b = built();
    b.templating!.list![2]!.query = 'label_values(http_requests_total{tenant="aurora-books"}, code)';
    b.links![1]!.url = 'https://y';
    expect((await compareDashboards(original, b, tenant)).map((d) => d.where)).toEqual([
      'variable route query',
      'link 0 "Runbook"',
    ]);
  });

  it('prints both sides with the given printer, variables standing in stably', async () => {
    const seen: string[] = [];
    const format = (expr: string) => {
      seen.push(expr);
      return expr.replace(/\s+/g, '');
    };
    expect(await normalizeExpr('rate(x{a=~"$v"}[$__rate_interval]) * $__range_s', { format })).toBe(
      'rate(x{a=~"$v"}[18978ms])*906768',
    );
    expect(seen).toEqual(['rate(x{a=~"$v"}[18978ms]) * 906768']);
    expect(await normalizeExpr('rate(x[5m])', { format })).not.toBe(
      await normalizeExpr('rate(x[$__rate_interval])', { format }),
    );
  });
});
