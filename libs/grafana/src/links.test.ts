import { environments, personas, PLATFORM_SCOPE, tenantScope } from '@plotwatch/platform';
import { describe, expect, it } from 'vitest';
import {
  addPanelLinks,
  alertLinks,
  dashboardLink,
  logsLink,
  siblingLinks,
  taggedDashboardsLink,
  tracesLink,
} from './links.ts';

const env = environments.prod;

describe('siblingLinks', () => {
  it('lists, per persona, the dashboards of the same scope by tag', () => {
    const links = siblingLinks(tenantScope('acme'), Object.values(personas)).map((l) => l.build());
    expect(links.map((l) => [l.title, l.type, l.tags])).toEqual([
      ['Operations dashboards', 'dashboards', ['tenant:acme', 'persona:ops']],
      ['Machine learning dashboards', 'dashboards', ['tenant:acme', 'persona:ml']],
      ['Product dashboards', 'dashboards', ['tenant:acme', 'persona:product']],
    ]);
    expect(siblingLinks(PLATFORM_SCOPE, [personas.ml]).map((l) => l.build().tags)).toEqual([
      ['platform', 'persona:ml'],
    ]);
  });
});

describe('logs and traces links', () => {
  it("explore the environment's Loki with the tenant's stream first, leaving Grafana's variables to interpolate", () => {
    const { url } = logsLink(env, tenantScope('acme'), { service: '${__field.labels.service}' });
    expect(url).toMatch(/^\/explore\?schemaVersion=1&orgId=1&panes=/);
    expect(url).toContain('${__from}');
    expect(url).toContain('${__field.labels.service}');
    const panes = JSON.parse(decodeURIComponent(url.split('panes=')[1]!)) as {
      a: { datasource: string; queries: Array<{ expr: string }> };
    };
    expect(panes.a.datasource).toBe('loki-prod');
    expect(panes.a.queries[0]!.expr).toBe('{tenant="acme", service="${__field.labels.service}"}');
  });

  it('search Tempo for the service, without a tenant on the platform', () => {
    const panes = JSON.parse(
      decodeURIComponent(tracesLink(env, PLATFORM_SCOPE, { 'service.name': 'story-api' }).url.split('panes=')[1]!),
    ) as { a: { datasource: string; queries: Array<{ query: string }> } };
    expect(panes.a).toMatchObject({
      datasource: 'tempo-prod',
      queries: [{ query: '{ resource.service.name = "story-api" }' }],
    });
  });
});

describe('addPanelLinks', () => {
  it('appends links to the panel with the title, in rows too, and says when there is none', () => {
    const dashboard = { panels: [{ title: 'row', panels: [{ title: 'Error ratio' }] }] };
    expect(addPanelLinks(dashboard, 'Error ratio', alertLinks('HighErrors', 'https://runbooks/high-errors'))).toBe(
      true,
    );
    expect(dashboard.panels[0]!.panels[0]).toMatchObject({
      links: [
        { title: 'Runbook: HighErrors', url: 'https://runbooks/high-errors' },
        { title: 'Alert: HighErrors', url: '/alerting/list?search=HighErrors' },
      ],
    });
    expect(addPanelLinks(dashboard, 'Gone', [])).toBe(false);
  });
});

describe('dashboard links', () => {
  it('dashboardLink: a URL, in the same tab unless told', () => {
    expect(
      dashboardLink({ title: 'Runbooks', url: 'https://runbooks.example', tooltip: 'How to', keepTime: true }).build(),
    ).toEqual({
      title: 'Runbooks',
      type: 'link',
      icon: 'external link',
      tooltip: 'How to',
      tags: [],
      asDropdown: false,
      placement: 'inControlsMenu',
      targetBlank: false,
      includeVars: false,
      keepTime: true,
      url: 'https://runbooks.example',
    });
  });

  it('taggedDashboardsLink: the dashboards with the tags, as a dropdown when told', () => {
    expect(
      taggedDashboardsLink({
        title: 'Related',
        tags: ['team:core'],
        asDropdown: true,
        includeVars: true,
        icon: 'dashboard',
      }).build(),
    ).toEqual({
      title: 'Related',
      type: 'dashboards',
      icon: 'dashboard',
      tooltip: '',
      tags: ['team:core'],
      asDropdown: true,
      placement: 'inControlsMenu',
      targetBlank: false,
      includeVars: true,
      keepTime: false,
    });
  });
});
