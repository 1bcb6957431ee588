import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { TENANT_LABEL, type Environment, type Persona, type QueryScope } from '@plotwatch/platform';

/** A link out of a panel or a value; `url` may hold Grafana variables such as `${__field.labels.service}`. */
export interface Link {
  readonly title: string;
  readonly url: string;
  readonly tooltip?: string;
  /** Open in a new tab (the default: a link leaves the dashboard it is on). */
  readonly targetBlank?: boolean;
}

export function linkBuilder(link: Link): dashboard.DashboardLinkBuilder {
  return new dashboard.DashboardLinkBuilder(link.title)
    .type(dashboard.DashboardLinkType.Link)
    .url(link.url)
    .tooltip(link.tooltip ?? '')
    .targetBlank(link.targetBlank ?? true);
}

/** A link in a dashboard's header, after the kit's sibling links. */
export type DashboardLinkSpec = dashboard.DashboardLinkBuilder;

/** What both kinds of dashboard link may say; Grafana's defaults otherwise. */
interface DashboardLinkOptions {
  readonly title: string;
  readonly tooltip?: string;
  /** Grafana's icon name (`external link`, `dashboard`, `doc`, `info`, `bolt`, `cloud`, `question`). */
  readonly icon?: string;
  readonly targetBlank?: boolean;
  /** Pass the dashboard's variables on. */
  readonly includeVars?: boolean;
  /** Pass the time range on. */
  readonly keepTime?: boolean;
}

function headerLink(o: DashboardLinkOptions, type: dashboard.DashboardLinkType): dashboard.DashboardLinkBuilder {
  return new dashboard.DashboardLinkBuilder(o.title)
    .type(type)
    .icon(o.icon ?? 'external link')
    .tooltip(o.tooltip ?? '')
    .targetBlank(o.targetBlank ?? false)
    .includeVars(o.includeVars ?? false)
    .keepTime(o.keepTime ?? false);
}

/** A link to a URL (another tool, a runbook, a dashboard by its URL). */
export function dashboardLink(o: DashboardLinkOptions & { readonly url: string }): DashboardLinkSpec {
  return headerLink(o, dashboard.DashboardLinkType.Link).url(o.url);
}

/** The dashboards carrying all of `tags`, listed (or in a dropdown): new ones appear without editing this one. */
export function taggedDashboardsLink(
  o: DashboardLinkOptions & { readonly tags: readonly string[]; readonly asDropdown?: boolean },
): DashboardLinkSpec {
  return headerLink(o, dashboard.DashboardLinkType.Dashboards)
    .tags([...o.tags])
    .asDropdown(o.asDropdown ?? false);
}

/** The tag every dashboard of a scope carries: `tenant:<id>` or `platform`. */
export function scopeTag(scope: QueryScope): string {
  return scope.kind === 'tenant' ? `tenant:${scope.tenantId}` : 'platform';
}

export function personaTag(persona: Persona): string {
  return `persona:${persona.id}`;
}

/**
 * One dropdown per persona listing the dashboards of the same scope (the same tenant, or the
 * platform), found by tag: a new sibling appears without editing the others.
 */
export function siblingLinks(scope: QueryScope, personas: readonly Persona[]): dashboard.DashboardLinkBuilder[] {
  return personas.map((p) =>
    new dashboard.DashboardLinkBuilder(`${p.title} dashboards`)
      .type(dashboard.DashboardLinkType.Dashboards)
      .tags([scopeTag(scope), personaTag(p)])
      .asDropdown(true)
      .includeVars(false)
      .keepTime(true)
      .icon('external link')
      .tooltip(''),
  );
}

/**
 * Explore URLs are JSON in a query parameter; Grafana interpolates `${...}` before following them,
 * so those stay unescaped.
 */
function exploreUrl(datasourceUid: string, queryFields: Record<string, unknown>): string {
  const panes = {
    a: {
      datasource: datasourceUid,
      queries: [{ refId: 'A', datasource: { uid: datasourceUid }, ...queryFields }],
      range: { from: '${__from}', to: '${__to}' },
    },
  };
  const encoded = encodeURIComponent(JSON.stringify(panes)).replace(
    /%24%7B(.*?)%7D/g,
    (_m, name: string) => `\${${decodeURIComponent(name)}}`,
  );
  return `/explore?schemaVersion=1&orgId=1&panes=${encoded}`;
}

/**
 * The labels with the scope's tenant first, as metric selectors have it: a tenant's link never shows another's data.
 */
function withTenant(scope: QueryScope, labels: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries({ ...(scope.kind === 'tenant' ? { [TENANT_LABEL]: scope.tenantId } : {}), ...labels });
}

/** The logs of the series clicked on, in Loki, over the panel's time range. */
export function logsLink(env: Environment, scope: QueryScope, labels: Readonly<Record<string, string>>): Link {
  return {
    title: 'Logs in Loki',
    url: exploreUrl(env.datasources.loki, {
      expr: `{${withTenant(scope, labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')}}`,
    }),
    tooltip: 'Log lines of this series, same time range',
  };
}

/**
 * Traces matching resource attributes (the tenant's first), in Tempo; exemplars on latency panels link single traces.
 */
export function tracesLink(env: Environment, scope: QueryScope, attributes: Readonly<Record<string, string>>): Link {
  const traceql = `{ ${withTenant(scope, attributes)
    .map(([k, v]) => `resource.${k} = ${JSON.stringify(v)}`)
    .join(' && ')} }`;
  return {
    title: 'Traces in Tempo',
    url: exploreUrl(env.datasources.tempo, { queryType: 'traceql', query: traceql }),
    tooltip: 'Traces of this series, same time range',
  };
}

interface PanelJson {
  title?: string;
  links?: unknown[];
  panels?: PanelJson[];
}

/**
 * Appends links to the panel titled `title` of a built dashboard (its JSON form); false when it
 * has no such panel. The build uses it to link each panel to the alerts watching it.
 */
export function addPanelLinks(dashboard: { panels?: PanelJson[] }, title: string, links: readonly Link[]): boolean {
  const panel = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]).find((p) => p.title === title);
  if (!panel) return false;
  panel.links = [...(panel.links ?? []), ...links.map((l) => linkBuilder(l).build())];
  return true;
}

/** A panel's links to an alert watching it: its runbook, and the alert in Grafana's alert list. */
export function alertLinks(alertName: string, runbookUrl: string): Link[] {
  return [
    { title: `Runbook: ${alertName}`, url: runbookUrl, tooltip: 'What this alert means and what to do' },
    {
      title: `Alert: ${alertName}`,
      url: `/alerting/list?search=${encodeURIComponent(alertName)}`,
      tooltip: 'The alert rule and its current state',
    },
  ];
}
