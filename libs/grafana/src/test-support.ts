import {
  environments,
  personas,
  platform,
  resolveTenant,
  type DefinitionContext,
  type Tenant,
} from '@plotwatch/platform';
import type { DashboardSpec } from './dashboard.ts';
import { row } from './layout.ts';
import { dashboardLink, taggedDashboardsLink } from './links.ts';
import { timeseriesPanel, type TimeseriesOptions } from './panels.ts';
import { query } from './queries.ts';
import { rawPanel } from './raw.ts';
import { customUnit, units } from './units.ts';
import {
  constantVariable,
  customVariable,
  intervalVariable,
  queryVariable,
  rawVariable,
  textboxVariable,
} from './variables.ts';

/** A tenant as the loader resolves it, without reading tenant files. */
export function sampleTenant(overrides: Partial<Pick<Tenant, 'id' | 'displayName' | 'tenancy'>> = {}): Tenant {
  const id = overrides.id ?? 'acme';
  return resolveTenant(
    {
      id,
      displayName: overrides.displayName ?? 'Acme',
      tier: 'pro',
      tenancy: overrides.tenancy ?? 'label',
      notifications: [{ name: 'ops', type: 'email', to: 'ops@acme.example' }],
    },
    `test:${id}`,
  );
}

export function sampleContext(tenant: Tenant = sampleTenant()): DefinitionContext {
  return { tenant, persona: personas.ops, env: environments.prod, platform };
}

/**
 * A dashboard as an import writes it: every kind of variable, header links, panels outside any
 * row, explicit positions, repeats, a collapsed row, a row repeated by a variable and raw panels.
 */
export function importedSpec(): DashboardSpec {
  const panel = (title: string, x: number, y: number, more: Partial<TimeseriesOptions> = {}) =>
    timeseriesPanel({
      title,
      description: '',
      queries: [query('sum by (service) (rate(http_requests_total{tenant="$tenant"}[$interval]))', '{{service}}')],
      position: { x, y },
      ...more,
    });
  return {
    slug: 'imported',
    title: 'Imported',
    description: 'As imported.',
    to: 'now-1m',
    variables: [
      queryVariable({
        name: 'service',
        query: 'label_values(up, service)',
        multi: true,
        includeAll: true,
        sort: 'naturalAsc',
      }),
      customVariable({ name: 'quantile', values: ['0.5', '0.99'] }),
      intervalVariable({ name: 'interval', values: ['1m', '5m'], auto: true }),
      textboxVariable({ name: 'filter', value: '.*' }),
      constantVariable({ name: 'cluster', value: 'eu-1' }),
      rawVariable({ type: 'custom', name: 'legacy', query: 'a,b', hide: 1 }, 'kept as exported'),
    ],
    links: [
      dashboardLink({ title: 'Runbooks', url: 'https://runbooks.example', targetBlank: true }),
      taggedDashboardsLink({ title: 'Related', tags: ['team:core'], asDropdown: true, keepTime: true }),
    ],
    panels: [
      rawPanel({
        title: '',
        json: { type: 'text', gridPos: { x: 0, y: 0, w: 24, h: 2 }, options: { mode: 'markdown', content: '# Hi' } },
        reason: 'a text panel',
      }),
    ],
    rows: [
      row(
        'Requests',
        [
          panel('Requests by service', 0, 3, {
            unit: units.requestsPerSecond,
            repeat: { variable: 'service', direction: 'h', maxPerRow: 3 },
            links: [{ title: 'Docs', url: 'https://docs.example' }],
          }),
          panel('Bytes', 12, 3, { unit: customUnit('decbytes'), raw: { options: { legend: { showLegend: false } } } }),
        ],
        { y: 2 },
      ),
      row('Details', [panel('Latency', 0, 12, { unit: units.seconds })], { y: 11, collapsed: true }),
      row('Per cluster', [panel('Saturation', 0, 13)], { y: 12, repeat: 'cluster' }),
    ],
  };
}
